package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/n-csw/tsunagu/internal/consult"
)

// screenshots is where a failing browser test leaves a picture of the page
// (gitignored).
const screenshots = "../../testdata/screenshots"

// chromium finds Debian's Chromium. Without it the browser tests skip,
// unless TSUNAGU_REQUIRE_BROWSER=1 (CI), where they fail.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("TSUNAGU_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("TSUNAGU_REQUIRE_BROWSER") == "1" {
		t.Fatal("TSUNAGU_REQUIRE_BROWSER=1 but Chromium is not installed (apt-get install -y chromium)")
	}
	t.Skip("browser tests skipped: Chromium not found (apt-get install -y chromium, or set TSUNAGU_CHROMIUM); CI sets TSUNAGU_REQUIRE_BROWSER=1")
	return ""
}

// tab is one browser tab driven by a test; every step that fails leaves a
// screenshot.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newTab(t *testing.T, base string) *tab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.Flag("lang", "ja-JP"),
		// A tablet held upright (iPad Air: 820 × 1180).
		chromedp.WindowSize(820, 1180),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first action starts the browser; it must not run under a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: base}
}

// do runs a step's actions within 30 s.
func (b *tab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail(step, err)
	}
}

// click clicks and waits for the page it loads.
func (b *tab) click(step, sel string) { b.load(step, chromedp.Click(chromedp.CSS(sel))) }

// load runs an action that navigates and waits for the page. (RunResponse
// may give no response for a form's navigation; an error status fails.)
func (b *tab) load(step string, a chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		b.fail(step, err)
	}
	if res != nil && res.Status >= 400 {
		b.fail(step, fmt.Errorf("the page loaded with status %d", int(res.Status)))
	}
}

// text returns the visible text of sel.
func (b *tab) text(step, sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fail(step, err)
	}
	return s
}

// eval evaluates a script on the page.
func evalOn[T any](b *tab, step, script string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		b.fail(step, err)
	}
	return v
}

// fail saves a screenshot of the page and stops the test.
func (b *tab) fail(step string, err error) {
	b.t.Helper()
	b.t.Fatalf("%s: %v (screenshot: %s)", step, err, b.screenshot(step))
}

func (b *tab) screenshot(step string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "none: " + err.Error()
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name() + "-" + step + ".png")
	path := filepath.Join(screenshots, name)
	if err := os.MkdirAll(screenshots, 0o755); err != nil {
		return "none: " + err.Error()
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return "none: " + err.Error()
	}
	abs, _ := filepath.Abs(path)
	return abs
}

// check fails the step (with a screenshot) unless ok.
func (b *tab) check(step string, ok bool, format string, args ...any) {
	b.t.Helper()
	if !ok {
		b.fail(step, fmt.Errorf(format, args...))
	}
}

// TestConsoleInBrowser drives Chromium through what a coordinator does
// after the demo: log in, filter the inbox, open a case, correct its
// routing, see the quality page change, export the figures as CSV.
func TestConsoleInBrowser(t *testing.T) {
	chromium(t)
	h := startApp(t)
	handoff, crisis := h.seedResidents()
	pw := h.coordinator("demo")
	b := newTab(t, h.base)

	b.do("login page", chromedp.Navigate(h.base+"/console/"), chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "demo"), chromedp.SendKeys(chromedp.ID("password"), pw))
	b.click("log in", "#login")
	b.do("inbox", chromedp.WaitVisible(chromedp.ID("cases")))
	rows := evalOn[[]string](b, "inbox rows", `Array.from(document.querySelectorAll("tr.case-row")).map(r => r.dataset.id)`)
	b.check("inbox rows", len(rows) == 2 && rows[0] == itoa(crisis.ID) && rows[1] == itoa(handoff.ID),
		"rows %v, want the crisis %d first, then %d", rows, crisis.ID, handoff.ID)

	// Choosing in a filter applies it at once (console.js submits the form).
	b.load("filter", chromedp.SetValue(chromedp.ID("f-urgency"), "emergency"))
	b.do("filtered", chromedp.WaitReady(chromedp.CSS(`#f-urgency option[value="emergency"][selected]`)))
	rows = evalOn[[]string](b, "filtered rows", `Array.from(document.querySelectorAll("tr.case-row")).map(r => r.dataset.id)`)
	b.check("filtered rows", len(rows) == 1 && rows[0] == itoa(crisis.ID), "emergency filter shows %v", rows)
	// Words are searched when the button is pressed.
	b.do("search", chromedp.Navigate(h.base+"/console/cases"), chromedp.WaitVisible(chromedp.ID("f-q")),
		chromedp.SendKeys(chromedp.ID("f-q"), "介護"))
	b.click("search", "#f-submit")
	b.do("searched", chromedp.WaitReady(chromedp.CSS(`#f-q[value="介護"]`)))
	rows = evalOn[[]string](b, "searched rows", `Array.from(document.querySelectorAll("tr.case-row")).map(r => r.dataset.id)`)
	b.check("searched rows", len(rows) == 1 && rows[0] == itoa(handoff.ID), "search for 介護 shows %v", rows)

	b.click("open the case", fmt.Sprintf(`tr[data-id="%d"] a.open-case`, handoff.ID))
	b.do("case page", chromedp.WaitVisible(chromedp.ID("case-title")))
	transcript := b.text("transcript", "#transcript")
	b.check("transcript", strings.Contains(transcript, "母の介護認定をうけたい") && strings.Contains(transcript, "ボット"),
		"transcript lacks the resident's and the bot's lines: %q", transcript)
	b.check("contact", b.text("contact", "#phone") == "09012345678", "phone not shown")
	b.check("triage", strings.Contains(b.text("triage", "#triage-channel"), "地域包括支援センター"), "triage channel not shown")

	b.do("open the correction", chromedp.Click(chromedp.ID("open-correct")), chromedp.WaitVisible(chromedp.ID("correct-channel")),
		chromedp.SetValue(chromedp.ID("correct-channel"), "kenri-yougo"))
	b.click("correct", "#correct")
	b.check("corrected", strings.Contains(b.text("notice", "#notice"), "訂正"), "no notice after the correction")
	b.check("moved", strings.Contains(b.text("next case", "#next-case"), "#"), "no link to the case in the right channel")

	b.do("quality", chromedp.Navigate(h.base+"/console/quality"), chromedp.WaitVisible(chromedp.ID("quality-kpis")))
	b.check("quality", b.text("quality", "#q-corrected") == "1", "quality page shows %q corrected", b.text("quality", "#q-corrected"))
	b.check("quality pairs", strings.Contains(b.text("pairs", "#quality-pairs"), "権利擁護"), "confused pair not listed")

	csv := b.download("export csv", h.base+"/console/figures", "#export-csv")
	b.check("csv bom", bytes.HasPrefix(csv, []byte("\xEF\xBB\xBF")), "CSV without a byte order mark: % x", csv[:min(3, len(csv))])
	b.check("csv crlf", bytes.Count(csv, []byte("\n")) == bytes.Count(csv, []byte("\r\n")) && bytes.Contains(csv, []byte("\r\n")),
		"CSV line ends are not CRLF")
	b.check("csv rows", bytes.Contains(csv, []byte(",houkatsu,地域包括支援センター,1,")), "CSV lacks this month's houkatsu case")

	ctx := context.Background()
	views, _ := h.store.AuditLog(ctx, consult.AuditQuery{CaseID: handoff.ID, Action: "case.view"})
	exports, _ := h.store.AuditLog(ctx, consult.AuditQuery{Action: "export.figures"})
	if len(views) < 2 || len(exports) != 1 || exports[0].Actor != "demo" {
		t.Errorf("audit: %d case views, exports %+v", len(views), exports)
	}
}

// download opens page, clicks the link sel and returns the file the
// browser saved.
func (b *tab) download(step, page, sel string) []byte {
	b.t.Helper()
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	enabled := true
	b.do(step, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &enabled})
			return err
		}),
		chromedp.Click(chromedp.CSS(sel)))
	for ev, err := range progress {
		if err != nil {
			b.fail(step, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				b.fail(step, err)
			}
			return data
		case browser.DownloadProgressStateCanceled:
			b.fail(step, fmt.Errorf("download canceled"))
		}
	}
	b.fail(step, fmt.Errorf("no download finished"))
	return nil
}
