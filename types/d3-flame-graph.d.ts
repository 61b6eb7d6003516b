// Types for d3-flame-graph 5 (the package ships none). Only the API Weft uses is declared; see
// node_modules/d3-flame-graph/README.md. Setters return the chart for chaining; calling one without an
// argument is a getter in the library, declared here only where we read a value.
declare module 'd3-flame-graph' {
  import type { Selection } from 'd3-selection';

  /** A d3-hierarchy node after d3-flame-graph's partition layout. */
  export interface FlameGraphNode<Datum = FlameGraphDatum> {
    data: Datum;
    parent: FlameGraphNode<Datum> | null;
    children?: FlameGraphNode<Datum>[];
    depth: number;
    height: number;
    /** Value as currently drawn (0 for frames hidden by a zoom). */
    value: number;
    /** Root only: the value before any zoom. */
    originalValue?: number;
    /** With computeDelta(true): own delta plus the children's. */
    delta?: number;
    /** Set by search. */
    highlight?: boolean;
    id: number;
    x0: number;
    x1: number;
  }

  /** The minimum input shape; extra fields are carried through to node.data. */
  export interface FlameGraphDatum {
    name: string;
    value: number;
    children?: FlameGraphDatum[];
    delta?: number;
  }

  export interface FlameGraphTooltip<Datum = FlameGraphDatum> {
    (selection: Selection<SVGSVGElement, unknown, null, undefined>): void;
    show(event: MouseEvent, node: FlameGraphNode<Datum>): FlameGraphTooltip<Datum>;
    hide(): FlameGraphTooltip<Datum>;
    destroy?(): void;
  }

  export type ColorMapper<Datum = FlameGraphDatum> = (node: FlameGraphNode<Datum>, originalColor: string) => string;

  export interface FlameGraph<Datum = FlameGraphDatum> {
    (selection: Selection<HTMLElement, Datum, null, undefined>): void;
    width(): number;
    width(px: number): FlameGraph<Datum>;
    height(px: number | null): FlameGraph<Datum>;
    minHeight(px: number): FlameGraph<Datum>;
    cellHeight(px: number): FlameGraph<Datum>;
    minFrameSize(px: number): FlameGraph<Datum>;
    title(text: string): FlameGraph<Datum>;
    tooltip(tooltip: FlameGraphTooltip<Datum>): FlameGraph<Datum>;
    transitionDuration(ms: number): FlameGraph<Datum>;
    sort(enabled: boolean | ((a: FlameGraphNode<Datum>, b: FlameGraphNode<Datum>) => number)): FlameGraph<Datum>;
    inverted(enabled: boolean): FlameGraph<Datum>;
    selfValue(enabled: boolean): FlameGraph<Datum>;
    computeDelta(enabled: boolean): FlameGraph<Datum>;
    resetHeightOnZoom(enabled: boolean): FlameGraph<Datum>;
    onClick(handler: (node: FlameGraphNode<Datum>) => void): FlameGraph<Datum>;
    onHover(handler: (node: FlameGraphNode<Datum>) => void): FlameGraph<Datum>;
    setColorMapper(mapper?: ColorMapper<Datum>): FlameGraph<Datum>;
    setColorHue(hue?: 'warm' | 'cold' | 'blue' | 'red' | 'orange' | 'yellow' | 'green' | 'pastelgreen' | 'aqua'): FlameGraph<Datum>;
    setSearchMatch(match?: (node: FlameGraphNode<Datum>, term: string, ignoreCase?: boolean) => boolean): FlameGraph<Datum>;
    setSearchHandler(handler?: (results: FlameGraphNode<Datum>[], searchSum: number, totalValue: number) => void): FlameGraph<Datum>;
    setDetailsHandler(handler?: (text: string | null) => void): FlameGraph<Datum>;
    setDetailsElement(element: HTMLElement | null): FlameGraph<Datum>;
    getName(fn: (node: FlameGraphNode<Datum>) => string): FlameGraph<Datum>;
    search(term: string): void;
    clear(): void;
    resetZoom(): void;
    zoomTo(node: FlameGraphNode<Datum>): void;
    findById(id: number): FlameGraphNode<Datum> | null;
    update(data?: Datum): FlameGraph<Datum>;
    destroy(): FlameGraph<Datum>;
  }

  export default function flamegraph<Datum = FlameGraphDatum>(): FlameGraph<Datum>;

  export const colorMapper: {
    differentialColorMapper: ColorMapper;
    allocationColorMapper: ColorMapper;
    offCpuColorMapper: ColorMapper;
    nodeJsColorMapper: ColorMapper;
  };

  export const tooltip: {
    defaultFlamegraphTooltip<Datum = FlameGraphDatum>(): FlameGraphTooltip<Datum>;
  };
}
