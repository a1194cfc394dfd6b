import { html } from "./html.js";

/** The page's notice for link parameters it refused: each message names the parameter and its range. */
export function urlErrors({ errors }: { errors: string[] }): HTMLElement {
  return html`<div class="errors url-errors" role="alert"><strong>These link parameters were not used:</strong><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul>Nothing runs with a bad value; the preset's value is shown instead.</div>`;
}
