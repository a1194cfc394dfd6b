/**
 * A time scrubber over snapshot steps: a native range input (arrow keys, Home/End work) whose value
 * is the snapshot index, labelled with the step it stands for. Usable with Framework's view().
 */
export function scrubber({
  steps,
  value,
  label,
}: {
  steps: number[];
  value: number;
  label: string;
}): HTMLElement & { value: number } {
  const root = document.createElement("form") as unknown as HTMLElement & { value: number };
  root.className = "scrubber";
  const id = `scrub-${Math.random().toString(36).slice(2)}`;
  const input = Object.assign(document.createElement("input"), {
    type: "range",
    id,
    min: "0",
    max: String(steps.length - 1),
    step: "1",
    value: String(value),
  });
  const name = Object.assign(document.createElement("label"), { htmlFor: id, textContent: label });
  const out = document.createElement("output");
  const show = () => {
    out.textContent = `step ${steps[+input.value].toLocaleString("en")}`;
    input.setAttribute("aria-valuetext", out.textContent);
  };
  input.addEventListener("input", () => {
    root.value = +input.value;
    show();
  });
  root.value = value;
  show();
  root.append(name, input, out);
  root.addEventListener("submit", (e) => e.preventDefault());
  return root;
}
