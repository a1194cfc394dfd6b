// Observable Framework configuration. Everything the site loads comes from its own origin:
// no Google Fonts (the default theme's stylesheet is dropped), no CDN imports, no telemetry.
export default {
  root: "src",
  // TDLAB_OUT: a second output folder, for the test that compares two cold builds byte for byte.
  output: process.env.TDLAB_OUT ?? "dist",
  title: "Training Dynamics Lab",
  // Links end in .html, so dist/ works on any static host (python -m http.server, nginx's default,
  // a bucket) and under a sub-path, with no rewriting of /page to /page.html.
  preserveExtension: true,
  pages: [
    { name: "Multi-stage loss", path: "/multistage" },
    { name: "Invariant measure", path: "/invariant-measure" },
    { name: "Pathway symmetry", path: "/pathways" },
  ],
  globalStylesheets: [],
  style: "style.css",
  search: false,
  footer: "Training Dynamics Lab · every figure is computed at build time from the code in this repository.",
  // Only this origin: inline scripts are Framework's own page bootstrap ('unsafe-inline' here for
  // `observable preview`; the build replaces it with each page's script hashes, build/cspHashes.ts);
  // WASM needs 'wasm-unsafe-eval'; Plot's raster heat map is a data: image; downloads are blob: URLs.
  head: [
    '<meta http-equiv="Content-Security-Policy" content="' +
      "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
      "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'" +
      '">',
    '<meta name="color-scheme" content="light dark">',
    // The Inputs stylesheet, served from this site (src/data/inputs.css.ts).
    '<link rel="stylesheet" href="/data/inputs.css">',
    '<link rel="icon" href="data:,">',
  ].join(""),
};
