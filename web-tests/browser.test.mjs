// The browser test of `parallax serve` (run by scripts/browser-test.sh, which installs what it
// needs): a store filled from the repository's own invented articles (examples/summit and a
// hostile article in web-tests/fixtures), the server on a loopback port, and Debian's Chromium
// driven headless by playwright-core. It reads the pages as a reader would, on a desktop and
// on a 360 px phone, checks WCAG AA contrast and focus rings, and fails on the first thing that
// is not as it should be.
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

// Run in the page (page.evaluate): WCAG 2.x contrast. task "contrast": every visible element
// with text of its own (and every filled form field and placeholder) against its effective
// background, the background colours of it and its ancestors composited (alpha included) down
// to the first opaque one, over white when none is. AA asks 4.5:1, or 3:1 for large text (24 px,
// or 18.66 px bold). An element over a background image or gradient cannot be judged this way:
// it is reported, not passed. SVG text is judged by its fill over the SVG's background. task
// "ring": the focused element's outline and box-shadow, and the outline's contrast with what
// it is drawn over (the parent's background).
function pageAudit(task) {
  const parse = (c) => {
    let m = /^rgba?\(([^)]*)\)$/.exec(c);
    if (m) {
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = /^color\(srgb ([^)]*)\)$/.exec(c);
    if (m) {
      const p = m[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    }
    return null;
  };
  // `top` painted over the opaque `under`.
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const channel = (v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const css = (c) => `rgb(${c.slice(0, 3).map(Math.round).join(", ")})`;
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      const cls = typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "";
      parts.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + cls);
    }
    return parts.join(" > ");
  };
  // The opaque colour behind `el`'s content, or why it cannot be had.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== "none") {
        return { unknown: `over the background image of ${path(e)}` };
      }
      const c = parse(cs.backgroundColor);
      if (!c) {
        return { unknown: `background ${cs.backgroundColor} of ${path(e)}` };
      }
      if (c[3] > 0) {
        layers.push(c);
      }
      if (c[3] >= 1) {
        break;
      }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) {
      colour = over(layer, colour);
    }
    return { colour };
  };

  if (task === "ring") {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    const ring = {
      path: path(el),
      focusVisible: el.matches(":focus-visible"),
      style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth),
      colour: cs.outlineColor,
      shadow: cs.boxShadow,
    };
    const fg = parse(cs.outlineColor);
    const bg = background(el.parentElement);
    if (fg && bg.colour) {
      const seen = over(fg, bg.colour);
      ring.against = css(bg.colour);
      ring.ratio = ratio(seen, bg.colour);
    } else {
      ring.unknown = bg.unknown ?? `outline colour ${cs.outlineColor}`;
    }
    return ring;
  }

  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || r.right + scrollX <= 0 || r.bottom + scrollY <= 0) {
      return false;
    }
    if (getComputedStyle(el).visibility !== "visible") {
      return false;
    }
    for (let e = el; e; e = e.parentElement) {
      if (getComputedStyle(e).opacity === "0") {
        return false;
      }
    }
    return true;
  };
  const fails = [];
  const unjudged = [];
  let checked = 0;
  const judge = (el, colour, text, cs) => {
    const fg = parse(colour);
    const bg = background(el);
    if (!fg || bg.unknown) {
      unjudged.push(`${path(el)} "${text}": ${bg.unknown ?? `colour ${colour}`}`);
      return;
    }
    if (fg[3] === 0) {
      return;
    }
    checked++;
    const size = parseFloat(cs.fontSize);
    const bold = parseInt(cs.fontWeight, 10) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const seen = over(fg, bg.colour);
    const r = ratio(seen, bg.colour);
    if (r < need) {
      fails.push(`${path(el)} "${text}": ${css(seen)} on ${css(bg.colour)} is ${r.toFixed(2)}:1, needs ${need}:1 (${size}px${bold ? " bold" : ""})`);
    }
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el) || el.matches(":disabled")) {
      continue;
    }
    const cs = getComputedStyle(el);
    const own = [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .join("")
      .trim();
    if (own && !["SCRIPT", "STYLE", "OPTION"].includes(el.tagName)) {
      judge(el, el instanceof SVGElement ? cs.fill : cs.color, own.replace(/\s+/g, " ").slice(0, 40), cs);
    }
    if (el.matches("input:not([type=hidden]):not([type=file]):not([type=submit]), select")) {
      if (el.value) {
        judge(el, cs.color, el.value.slice(0, 40), cs);
      } else if (el.placeholder) {
        judge(el, getComputedStyle(el, "::placeholder").color, el.placeholder, cs);
      }
    }
  }
  return { fails, unjudged, checked };
}

// Fails with every element of the page under AA contrast, and every one that could not be
// judged; `where` names the page.
async function checkContrast(page, where) {
  const { fails, unjudged, checked } = await page.evaluate(pageAudit, "contrast");
  for (const f of fails) {
    console.error(`contrast: ${where}: ${f}`);
  }
  for (const u of unjudged) {
    console.error(`contrast: ${where}: not judged: ${u}`);
  }
  check(checked > 10, `${where}: only ${checked} texts checked for contrast`);
  check(fails.length === 0 && unjudged.length === 0, `${where}: ${fails.length} texts under WCAG AA contrast, ${unjudged.length} not judged (listed above)`);
  console.log(`browser-test: ${where}: ${checked} texts at WCAG AA contrast`);
  return checked;
}

// Focuses `selector` from the keyboard (Tab away and Shift+Tab back, so :focus-visible holds as
// it does for a keyboard user) and fails unless that draws a ring, outline or box-shadow, that
// was not there before, with an outline of at least 3:1 against what it is drawn over.
async function checkFocusRing(page, selector) {
  // A handle, not a locator: the selector may stop matching once the element is focused.
  const el = await page.locator(selector).first().elementHandle();
  check(el, `${selector}: no such element to focus`);
  await el.evaluate((e) => e.blur());
  const before = await el.evaluate((e) => {
    const cs = getComputedStyle(e);
    return `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} | ${cs.boxShadow}`;
  });
  await el.focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  const ring = await page.evaluate(pageAudit, "ring");
  check(await el.evaluate((e) => e === document.activeElement), `${selector}: Shift+Tab did not come back to it (on ${ring.path})`);
  check(ring.focusVisible, `${selector}: not :focus-visible when focused from the keyboard`);
  const outline = ring.style !== "none" && ring.width > 0;
  const after = `${ring.style} ${ring.width}px ${ring.colour} | ${ring.shadow}`;
  check(outline || ring.shadow !== "none", `${selector}: focus draws no outline or box-shadow (${after})`);
  check(after !== before, `${selector}: focus changes neither outline nor box-shadow (${after})`);
  if (outline) {
    check(!ring.unknown, `${selector}: the ring's contrast cannot be judged: ${ring.unknown}`);
    check(ring.ratio >= 3, `${selector}: the focus ring ${ring.colour} on ${ring.against} is ${ring.ratio.toFixed(2)}:1, needs 3:1`);
  }
  return ring;
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

  step = "the story list's contrast and focus rings";
  await checkContrast(page, "the story list");
  for (const selector of ["nav.topbar a.brand", "ol.stories h2 a", "form.filters input[name=q]", "form.filters button[type=submit]"]) {
    await checkFocusRing(page, selector);
  }

  step = "filtering the list by words";
  await page.fill("input[name=q]", "rail line");
  await page.click("form.filters button[type=submit]");
  await page.waitForURL(/\?q=rail/);
  check((await stories.count()) === 1, "the word filter left more or fewer than one story");

  step = "opening the summit story";
  await page.locator("ol.stories h2 a").first().click();
  await page.waitForURL(/\/stories\/\d+$/);
  await page.waitForSelector("html[data-app=ready]");
  const storyUrl = page.url();
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
    const nav = document.querySelector("nav.sections").getBoundingClientRect();
    return {
      inColumn: !!el.closest(".columns article.src"),
      visible: r.bottom > 0 && r.top < window.innerHeight,
      clear: r.top >= nav.bottom - 1,
      current: el.classList.contains("current") || !!el.querySelector(".current") || !!el.closest(".current"),
    };
  }, href.slice(1));
  check(target && target.inColumn, `the chip's target ${href} is not in a column`);
  check(target.visible, "the chip's evidence is not scrolled into view");
  check(target.clear, "the chip's evidence is under the sticky section bar");
  check(target.current, "the chip's evidence is not lit");

  // Checked with the chip's evidence and its counterparts lit, so those colours count too.
  step = "the story page's contrast and focus rings";
  check((await page.locator(".columns mark.counterpart").count()) > 0, "nothing lit to check the contrast of");
  await checkContrast(page, "the story page");
  for (const selector of [
    "nav.topbar a[href='/compare']",
    "nav.sections a",
    "#sec-conflicts a",
    ".columns mark[tabindex]:not(.current):not(.counterpart)",
    "#sec-synthesis a.chip",
    "#next-finding",
  ]) {
    await checkFocusRing(page, selector);
  }

  step = "an ad-hoc comparison through the form";
  await page.goto(`${base}/`);
  await page.click("a[href='/compare']");
  await page.waitForURL(/\/compare$/);
  await checkContrast(page, "the compare form");
  for (const selector of ["a[href='/compare?example=summit']", "input[name=source_1]", "textarea[name=text_1]", "input[name=url_1]", "form[action='/compare'] button[type=submit]"]) {
    await checkFocusRing(page, selector);
  }

  step = "a comparison of one article is refused, keeping what was entered";
  await page.fill("input[name=source_1]", "Daily Lantern");
  await page.fill("textarea[name=text_1]", "The new rail line opened on Monday before a crowd of 5,000.");
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${base}/compare` && r.request().method() === "POST"),
    page.click("form[action='/compare'] button[type=submit]"),
  ]);
  check(refused.status() === 400, `the one-article form answered ${refused.status()}, not 400`);
  await page.waitForSelector("p.error[role=alert]");
  const alert = await page.locator("p.error[role=alert]").textContent();
  check(
    alert === "1 article given; a comparison needs at least 2 (paste, upload or give the web address of another)",
    `the refusal says ${JSON.stringify(alert)}`
  );
  check((await page.inputValue("input[name=source_1]")) === "Daily Lantern", "the outlet was not kept");
  check((await page.inputValue("textarea[name=text_1]")).includes("before a crowd of 5,000"), "the text was not kept");
  await checkContrast(page, "the refused compare form");

  step = "an ad-hoc comparison through the form";
  await page.click("a[href='/compare?example=summit']");
  await page.click("form[action='/compare'] button[type=submit]");
  await page.waitForURL(/\/reports\/\d+$/);
  check((await page.locator("h1").textContent()).startsWith("Comparison"), "the result page has no heading");
  check((await page.locator("#sec-conflicts .finding.conflict").count()) > 0, "the result shows no conflict");
  check((await page.locator(".columns > article.src").count()) === 3, "the result is not three columns");

  step = "a phone-wide screen (360 x 740)";
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/?q=tunnel`);
  const hostileUrl = new URL(await page.locator("ol.stories h2 a").first().getAttribute("href"), base).href;
  for (const [name, url] of [
    ["the story list", `${base}/`],
    ["the story page", storyUrl],
    ["the story page with a long web address in its text", hostileUrl],
    ["the compare form", `${base}/compare`],
  ]) {
    await page.goto(url);
    const { wide, over } = await page.evaluate(() => ({
      wide: document.documentElement.scrollWidth,
      // The innermost elements reaching past the screen's right edge (outside any box that
      // scrolls or clips them), to say what to fix.
      over: [...document.body.querySelectorAll("*")]
        .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
        .filter((e) => {
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== "visible") {
              return false;
            }
          }
          return true;
        })
        .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > innerWidth + 1))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/\s+/g, ".") : ""} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`),
    }));
    check(wide <= 360, `${name} is ${wide} px wide on a 360 px screen (it scrolls sideways): ${over.join(", ")}`);
  }
  await page.goto(storyUrl);
  await page.waitForSelector("html[data-app=ready]");
  const stacked = await page.evaluate(() =>
    [...document.querySelectorAll(".columns > article.src")].map((c) => {
      const r = c.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width };
    })
  );
  check(stacked.length === 3, `${stacked.length} columns on the phone`);
  check(
    stacked.every((c, i) => Math.abs(c.left - stacked[0].left) < 1 && (i === 0 || c.top > stacked[i - 1].top)),
    `the columns are not stacked at 360 px: ${JSON.stringify(stacked)}`
  );
  check(stacked.every((c) => c.width >= 300), `a column is narrower than the screen: ${JSON.stringify(stacked)}`);
  const jump = page.locator("nav.sections a").nth(1);
  const section = (await jump.getAttribute("href")).slice(1);
  await jump.click();
  await page.waitForFunction((h) => location.hash === `#${h}`, section);
  const under = await page.evaluate((id) => {
    const nav = document.querySelector("nav.sections").getBoundingClientRect();
    const r = document.getElementById(id).getBoundingClientRect();
    return { top: Math.round(r.top), bar: Math.round(nav.bottom) };
  }, section);
  check(under.top >= under.bar - 1, `#${section} is under the sticky section bar on a phone (top ${under.top} px, bar to ${under.bar} px)`);
  await page.evaluate(() => document.getElementById("sec-texts").scrollIntoView());
  await page.screenshot({ path: join(shots, "story-phone.png"), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });

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
