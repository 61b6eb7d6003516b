// Printing a chart: the paper is narrower than the screen the chart was drawn for. An SVG with a viewBox scales
// to whatever width print CSS gives it (width: 100%, height: auto) and stays sharp.

/** Gives the chart's SVG a viewBox of its drawn size, so CSS can scale it without cutting it off. */
export function fitSvgToWidth(container: HTMLElement): void {
  const svg = container.querySelector('svg');
  if (!svg) return;
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  if (width > 0 && height > 0) svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
}
