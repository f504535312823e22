package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// TestConsoleEndToEnd is the demo's promise without a browser: cases made
// through the LINE webhook appear in the console, a coordinator corrects
// one, and the quality page changes.
func TestConsoleEndToEnd(t *testing.T) {
	h := startApp(t)
	handoff, crisis := h.seedResidents()
	if handoff.Channel != consult.Houkatsu || handoff.Contact.Phone != "09012345678" || crisis.Crisis != consult.Suicide ||
		crisis.Urgency != consult.Emergency {
		t.Fatalf("seeded cases: %+v / %+v", handoff.Case, crisis.Case)
	}
	pw := h.coordinator("demo")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path string) string {
		t.Helper()
		res, err := c.Get(h.base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	post := func(path string, form url.Values, from string) string {
		t.Helper()
		form.Set("csrf", token.FindStringSubmatch(get(from))[1])
		res, err := c.PostForm(h.base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	inbox := post("/console/login", url.Values{"name": {"demo"}, "password": {pw}}, "/console/login")
	ids := regexp.MustCompile(`data-id="(\d+)"`).FindAllStringSubmatch(inbox, -1)
	if len(ids) != 2 || ids[0][1] != itoa(crisis.ID) || ids[1][1] != itoa(handoff.ID) {
		t.Fatalf("inbox rows = %v, want the crisis first, then the handoff", ids)
	}
	casePath := "/console/cases/" + itoa(handoff.ID)
	page := get(casePath)
	for _, want := range []string{"母の介護認定をうけたい", "09012345678", "地域包括支援センター", "案件作成"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if !strings.Contains(get("/console/quality"), `<strong id="q-corrected">0</strong>`) {
		t.Errorf("quality before the correction is not 0 corrected")
	}
	post(casePath+"/correct", url.Values{"channel": {"kenri-yougo"}, "urgency": {"normal"}}, casePath)
	if q := get("/console/quality"); !strings.Contains(q, `<strong id="q-corrected">1</strong>`) {
		t.Errorf("quality after the correction is not 1 corrected")
	}
	corr, err := h.store.Correction(context.Background(), handoff.ID)
	if err != nil || corr.Text != "母の介護認定をうけたい" || corr.Predicted != consult.Houkatsu || corr.Channel != consult.KenriYougo {
		t.Errorf("correction = %+v, %v", corr, err)
	}
	audit, _ := h.store.AuditLog(context.Background(), consult.AuditQuery{CaseID: handoff.ID, Action: "case.view"})
	if len(audit) < 2 || audit[0].Actor != "demo" {
		t.Errorf("case views audited: %+v", audit)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
