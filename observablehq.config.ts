// Observable Framework configuration. Everything the site loads comes from its own origin:
// no Google Fonts (the default theme's stylesheet is dropped), no CDN imports, no telemetry.
export default {
  root: "src",
  title: "Training Dynamics Lab",
  pages: [
    { name: "Multi-stage loss", path: "/multistage" },
    { name: "Invariant measure", path: "/invariant-measure" },
    { name: "Pathway symmetry", path: "/pathways" },
  ],
  globalStylesheets: [],
  style: "style.css",
  search: false,
  footer: "Training Dynamics Lab · every figure is computed at build time from the code in this repository.",
  head: '<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,">',
};
