// The index page (Framework's page loader): one card per registered phenomenon (build/indexPage.ts).
import { indexMarkdown, phenomenonCards } from "../build/indexPage.js";

process.stdout.write(indexMarkdown(await phenomenonCards()));
