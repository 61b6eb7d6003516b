export default function HomePage() {
  return <main>Weft</main>;
}
