import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = () => existsSync(CHROMIUM);

/**
 * Debian's Chromium, headless, with the flags verified here (docs/architecture.md): no background traffic,
 * a fresh profile (playwright makes a new one per launch), and WebGPU exposed (through SwiftShader when there is no GPU).
 */
export async function launchChromium({ webgpu = true }: { webgpu?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(webgpu ? ["--enable-unsafe-webgpu", "--enable-features=Vulkan"] : ["--disable-webgpu"]),
    ],
  });
}
