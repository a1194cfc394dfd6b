import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Serve a built site as the plainest static host does (python -m http.server, nginx's default): a
 * path is a file, a folder serves its index.html, nothing else (no /page → page.html). With `base`
 * ("/lab/"), the site lives under that sub-path, as on a project's GitHub Pages. On 127.0.0.1, a
 * port chosen by the OS. Returns the origin and a close function.
 */
export async function serveStatic({
  root,
  base = "/",
}: {
  root: string;
  base?: string;
}): Promise<{ origin: string; close: () => Promise<void> }> {
  // Header room for long links (a hostile one of 100 KB is tested): real hosts allow 8–64 KB or more.
  const server: Server = createServer({ maxHeaderSize: 1 << 20 }, async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const pathname = decodeURIComponent(url.pathname);
    if (!pathname.startsWith(base)) return void res.writeHead(404).end("not found");
    let file = path.join(root, pathname.slice(base.length - 1));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    } catch {}
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
