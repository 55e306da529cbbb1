// The browser test of `parallax serve` (run by scripts/browser-test.sh, which installs what it
// needs): a store filled from the repository's own invented articles (examples/summit and a
// hostile article in web-tests/fixtures), the server on a loopback port, and Debian's Chromium
// driven headless by playwright-core. It reads the pages as a reader would and fails on the
// first thing that is not as it should be.
//
//   node web-tests/browser.test.mjs PARALLAX_BINARY [SCREENSHOT_DIR]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

const binary = resolve(process.argv[2] ?? "target/debug/parallax");
const shots = resolve(process.argv[3] ?? "docs");
const root = resolve(new URL("..", import.meta.url).pathname);
const work = mkdtempSync(join(tmpdir(), "parallax-browser-"));
const db = join(work, "parallax.db");

let step = "start";
function check(ok, what) {
  if (!ok) {
    throw new Error(`${step}: ${what}`);
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const s = net.createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

async function waitFor(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${url} within ${ms / 1000} s`);
}

let server;
let browser;
try {
  step = "filling the store";
  const inputs = [
    "examples/summit/lantern.txt",
    "examples/summit/ledger.html",
    "examples/summit/sentinel.md",
    "web-tests/fixtures/hostile.json",
  ].map((p) => join(root, p));
  const fill = spawnSync(binary, ["watch", "--once", "--db", db, ...inputs], {
    encoding: "utf8",
    env: { ...process.env, PARALLAX_MODELS: join(work, "no-models") },
  });
  check(fill.status === 0, `parallax watch --once exited ${fill.status}: ${fill.stderr}`);

  step = "starting the server";
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ["serve", "--addr", `127.0.0.1:${port}`, "--db", db], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PARALLAX_MODELS: join(work, "no-models") },
  });
  await waitFor(`${base}/healthz`, 30000);

  // A fresh profile in the scratch folder (playwright takes it as the persistent context's
  // folder, which it passes to Chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(work, "chromium-profile"), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = browser;
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) {
      violations.push(m.text());
    }
  });

  step = "the story list";
  await page.goto(`${base}/`);
  const stories = page.locator("ol.stories > li");
  check((await stories.count()) >= 2, `${await stories.count()} stories listed, expected the summit and the hostile one`);
  check(await page.locator("svg.coverage").first().isVisible(), "no coverage bar");
  await page.screenshot({ path: join(shots, "story-list.png"), fullPage: true });

  step = "filtering the list by words";
  await page.fill("input[name=q]", "rail line");
  await page.click("form.filters button[type=submit]");
  await page.waitForURL(/\?q=rail/);
  check((await stories.count()) === 1, "the word filter left more or fewer than one story");

  step = "opening the summit story";
  await page.locator("ol.stories h2 a").first().click();
  await page.waitForURL(/\/stories\/\d+$/);
  await page.waitForSelector("html[data-app=ready]");
  const conflicts = page.locator("#sec-conflicts .finding.conflict");
  check((await conflicts.count()) > 0, "no conflict in the conflicts panel");
  check(await conflicts.first().isVisible(), "the first conflict is not visible");
  const columns = page.locator(".columns > article.src");
  check((await columns.count()) === 3, `${await columns.count()} columns, expected 3`);
  for (const kind of ["agreed", "conflict", "only-in", "loaded", "quote", "label"]) {
    const marks = page.locator(`.columns mark.${kind}`);
    check((await marks.count()) > 0, `no ${kind} highlight in the columns`);
    check(await marks.first().isVisible(), `the first ${kind} highlight is not visible`);
  }
  const box0 = await columns.nth(0).boundingBox();
  const box1 = await columns.nth(1).boundingBox();
  check(box0 && box1 && Math.abs(box0.y - box1.y) < 2 && box1.x > box0.x, "the columns are not side by side at 1280 px");

  step = "focusing a claim lights its counterparts";
  const claim = columns.nth(0).locator("mark.agreed[tabindex]").first();
  await claim.focus();
  const lit = await page.evaluate(() => {
    const focused = document.activeElement;
    const own = focused.closest("article.src");
    const others = [...document.querySelectorAll("mark.counterpart")].filter(
      (m) => m.closest("article.src") !== own
    );
    const shared = focused.getAttribute("data-groups").split(" ");
    return {
      current: focused.classList.contains("current"),
      others: others.length,
      related: others.every((m) => m.getAttribute("data-groups").split(" ").some((g) => shared.includes(g))),
    };
  });
  check(lit.current, "the focused claim is not marked current");
  check(lit.others > 0, "no counterpart lit in another column");
  check(lit.related, "a lit counterpart shares no finding with the claim");
  const outline = await page.locator("mark.counterpart").first().evaluate((m) => getComputedStyle(m).outlineStyle);
  check(outline === "solid", `the counterpart is not outlined (${outline})`);

  // The README's picture of a story: the columns, with the focused claim and its counterparts.
  await page.evaluate(() => document.getElementById("sec-texts").scrollIntoView());
  await page.screenshot({ path: join(shots, "story-page.png"), fullPage: false });

  step = "stepping through findings with the keyboard";
  const before = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press("j");
  const after = await page.evaluate(() => ({ id: document.activeElement.id, tag: document.activeElement.tagName }));
  check(after.tag === "MARK" && after.id !== before, "j did not move to the next finding");
  await page.keyboard.press("k");
  check((await page.evaluate(() => document.activeElement.id)) === before, "k did not move back");
  check(await page.locator("#next-finding").isVisible(), "the step buttons are hidden with the script running");

  step = "synthesis chips lead to their evidence";
  const chip = page.locator("#sec-synthesis a.chip").first();
  check((await chip.count()) === 1, "no source chip in the synthesis");
  const href = await chip.getAttribute("href");
  await chip.click();
  await page.waitForFunction((h) => location.hash === h, href);
  const target = await page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) {
      return null;
    }
    const r = el.getBoundingClientRect();
    return {
      inColumn: !!el.closest(".columns article.src"),
      visible: r.bottom > 0 && r.top < window.innerHeight,
      current: el.classList.contains("current") || !!el.querySelector(".current") || !!el.closest(".current"),
    };
  }, href.slice(1));
  check(target && target.inColumn, `the chip's target ${href} is not in a column`);
  check(target.visible, "the chip's evidence is not scrolled into view");
  check(target.current, "the chip's evidence is not lit");

  step = "a phone-wide screen stacks the columns";
  await page.setViewportSize({ width: 360, height: 800 });
  const p0 = await columns.nth(0).boundingBox();
  const p1 = await columns.nth(1).boundingBox();
  check(p1.y > p0.y && Math.abs(p1.x - p0.x) < 2, "columns are not stacked at 360 px");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `the page is ${overflow} px wider than a 360 px screen`);
  await page.setViewportSize({ width: 1280, height: 900 });

  step = "an ad-hoc comparison through the form";
  await page.goto(`${base}/`);
  await page.click("a[href='/compare']");
  await page.click("a[href='/compare?example=summit']");
  await page.click("form[action='/compare'] button[type=submit]");
  await page.waitForURL(/\/reports\/\d+$/);
  check((await page.locator("h1").textContent()).startsWith("Comparison"), "the result page has no heading");
  check((await page.locator("#sec-conflicts .finding.conflict").count()) > 0, "the result shows no conflict");
  check((await page.locator(".columns > article.src").count()) === 3, "the result is not three columns");

  step = "a hostile article renders inert";
  await page.goto(`${base}/?q=tunnel`);
  await page.locator("ol.stories h2 a").first().click();
  await page.waitForURL(/\/stories\/\d+$/);
  await page.waitForSelector("html[data-app=ready]");
  await page.locator("mark").first().hover().catch(() => {});
  await page.waitForTimeout(300);
  const inert = await page.evaluate(() => ({
    pwned: window.__pwned,
    scripts: [...document.scripts].map((s) => s.getAttribute("src")),
    images: document.querySelectorAll("main img").length,
    jsLinks: [...document.querySelectorAll("a[href]")].filter((a) => /^\s*javascript:/i.test(a.getAttribute("href"))).length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    shown: document.body.innerText.includes("<script>window.__pwned"),
  }));
  check(inert.pwned === undefined, `a payload ran: window.__pwned = ${inert.pwned}`);
  check(inert.scripts.length === 1 && inert.scripts[0] === "/static/app.js", `scripts on the page: ${inert.scripts}`);
  check(inert.images === 0, "an image element came from the article");
  check(inert.jsLinks === 0, "a javascript: link came from the article");
  check(inert.handlers === 0, "an element carries an inline event handler");
  check(inert.shown, "the hostile title is not shown as text");
  check(dialogs.length === 0, `a dialog opened: ${dialogs.join(", ")}`);
  check(errors.length === 0, `script errors: ${errors.join("; ")}`);
  check(violations.length === 0, `content security policy violations: ${violations.join("; ")}`);

  console.log(`browser-test: ok (screenshots in ${shots})`);
} catch (e) {
  console.error(`browser-test: FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (browser) {
    await browser.close();
  }
  if (server) {
    server.kill("SIGTERM");
  }
  if (existsSync(work)) {
    rmSync(work, { recursive: true, force: true });
  }
}
