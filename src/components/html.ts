// Framework leaves a bare `import {html} from "htl"` in page code unresolved (it treats htl as its
// own builtin, fetched from a CDN); re-exported from a local module it is bundled from node_modules.
export { html } from "htl";
