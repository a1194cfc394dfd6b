import { html } from "../html.js";

/** At most this many messages are listed; a hostile link can carry thousands of bad keys. */
export const MAX_LISTED = 12;

/** The page's notice for link parameters it refused: each message names the parameter and its range. */
export function urlErrors({ errors }: { errors: string[] }): HTMLElement {
  const listed = errors.slice(0, MAX_LISTED);
  const more = errors.length - listed.length;
  return html`<div class="errors url-errors" role="alert">
    <strong>These link parameters were not used:</strong>
    <ul>${listed.map((e) => html`<li>${e}</li>`)}${more > 0 ? html`<li>…and ${more} more.</li>` : ""}</ul>
    Nothing runs with a bad value; the preset's value is shown instead.
  </div>`;
}
