/** Save `data` (text or a blob) as a file named `name`, from the page: no server round trip. */
export function download({
  name,
  data,
  type = "application/octet-stream",
}: {
  name: string;
  data: string | Blob;
  type?: string;
}): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(typeof data === "string" ? new Blob([data], { type }) : data);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
