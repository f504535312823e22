package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/console"
	"github.com/n-csw/tsunagu/internal/consult"
)

func TestLoginAndCookies(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	b := e.browser()
	if code, _ := b.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("inbox without login: %d, want a redirect to the login page", code)
	}
	res := b.tryLogin("abe", "wrong password!!")
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
	res = b.tryLogin("abe", pw)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/cases" {
		t.Fatalf("login: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	var sc string
	for _, v := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "tsunagu_console=") {
			sc = v
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"} {
		if !strings.Contains(sc, want) {
			t.Errorf("session cookie %q lacks %s", sc, want)
		}
	}
	if strings.Contains(sc, "Secure") {
		t.Errorf("http demo cookie is Secure (the browser would drop it on http://localhost): %q", sc)
	}
	if code, body := b.get("/console/cases"); code != http.StatusOK || !strings.Contains(body, "abe") {
		t.Errorf("inbox after login: %d", code)
	}
	audit, _ := e.db.AuditLog(context.Background(), consult.AuditQuery{})
	if len(audit) != 2 || audit[0].Action != "login" || audit[1].Action != "login.failed" || audit[1].Actor != "abe" {
		t.Errorf("audit = %+v", audit)
	}
	// The login form's token is tied to the browser that got the form.
	tok := e.browser().csrf("/console/login")
	res, _ = e.browser().post("/console/login", url.Values{"csrf": {tok}, "name": {"abe"}, "password": {pw}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("login form posted from another browser: %d, want 403", res.StatusCode)
	}
	// A post-login redirect stays inside the console.
	c := e.browser()
	tok = c.csrf("/console/login")
	res, _ = c.post("/console/login", url.Values{"csrf": {tok}, "name": {"abe"}, "password": {pw}, "next": {"//evil.example/"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/cases" {
		t.Errorf("login with an outside next: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestHTTPSCookie(t *testing.T) {
	e := newEnv(t, func(o *console.Options) { o.BaseURL = "https://tsunagu.example.jp" })
	pw := e.user("abe", consult.RoleCoordinator)
	b := e.browser()
	code, body := b.get("/console/login")
	if code != http.StatusOK {
		t.Fatalf("login page: %d", code)
	}
	tok := csrfRE.FindStringSubmatch(body)[1]
	// The test server is plain http, so the jar would not send a Secure
	// cookie back: send the login cookie by hand.
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/console/login",
		strings.NewReader(url.Values{"csrf": {tok}, "name": {"abe"}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "__Host-tsunagu_login", Value: tok})
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	sc := strings.Join(res.Header.Values("Set-Cookie"), "\n")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(sc, "__Host-tsunagu_console=") || !strings.Contains(sc, "Secure") {
		t.Errorf("https login: %d, cookies %q", res.StatusCode, sc)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); hsts == "" {
		t.Errorf("no HSTS over https")
	}
}

func TestPostsNeedSessionAndToken(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	c := e.seed("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: now.Add(-time.Hour)})
	path := "/console/cases/" + itoa(c.ID) + "/act"
	claim := url.Values{"action": {"claim"}}

	anon := e.browser()
	if res, _ := anon.post(path, claim); res.StatusCode != http.StatusForbidden {
		t.Errorf("post without a session: %d, want 403", res.StatusCode)
	}
	b := e.browser()
	b.login("abe", pw)
	if res, _ := b.post(path, claim); res.StatusCode != http.StatusForbidden {
		t.Errorf("post without a token: %d, want 403", res.StatusCode)
	}
	bad := url.Values{"action": {"claim"}, "csrf": {"not-the-token"}}
	if res, _ := b.post(path, bad); res.StatusCode != http.StatusForbidden {
		t.Errorf("post with a wrong token: %d, want 403", res.StatusCode)
	}
	// Another user's token is not this session's.
	other := e.browser()
	other.login("abe", pw)
	stolen := url.Values{"action": {"claim"}, "csrf": {other.csrf("/console/cases")}}
	if res, _ := b.post(path, stolen); res.StatusCode != http.StatusForbidden {
		t.Errorf("post with another session's token: %d, want 403", res.StatusCode)
	}
	got, _ := e.db.Case(context.Background(), c.ID)
	if got.Status != consult.CaseNew {
		t.Fatalf("refused posts changed the case: %s", got.Status)
	}
	// A cross-site form post is refused even with the right token.
	tok := b.csrf("/console/cases")
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(url.Values{"action": {"claim"}, "csrf": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", res.StatusCode)
	}
	if res, _ := b.post(path, url.Values{"action": {"claim"}, "csrf": {tok}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("post with the token: %d", res.StatusCode)
	}
	if got, _ := e.db.Case(context.Background(), c.ID); got.Status != consult.CaseClaimed || got.ClaimedBy != "abe" {
		t.Errorf("claim did not apply: %+v", got)
	}
}

func TestSessionExpiryAndLogout(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	b := e.browser()
	b.login("abe", pw)
	e.clock.Add(50 * time.Minute)
	if code, _ := b.get("/console/cases"); code != http.StatusOK {
		t.Fatalf("after 50 idle minutes: %d", code)
	}
	e.clock.Add(61 * time.Minute)
	if code, _ := b.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("after 61 idle minutes: %d, want the login page", code)
	}
	// Absolute expiry: active every 30 minutes, out after 12 hours.
	b.login("abe", pw)
	for i := 0; i < 23; i++ {
		e.clock.Add(30 * time.Minute)
		if code, _ := b.get("/console/cases"); code != http.StatusOK {
			t.Fatalf("active session ended after %d half hours", i+1)
		}
	}
	e.clock.Add(31 * time.Minute)
	if code, _ := b.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("session past 12 hours: %d, want the login page", code)
	}
	// Logout ends the session server-side: the old cookie is useless.
	b.login("abe", pw)
	u, _ := url.Parse(e.ts.URL)
	cookies := b.c.Jar.Cookies(u)
	tok := b.csrf("/console/cases")
	if res, _ := b.post("/console/logout", url.Values{"csrf": {tok}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	replay := e.browser()
	replay.c.Jar.SetCookies(u, cookies)
	if code, _ := replay.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("cookie after logout: %d, want the login page", code)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	e.user("ito", consult.RoleCoordinator)
	b := e.browser()
	for i := 0; i < 5; i++ {
		if res := b.tryLogin("abe", "wrong password!!"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	// The account is blocked, even with the right password …
	res := b.tryLogin("abe", pw)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("sixth try: %d (Retry-After %q), want 429", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// … until the window has passed.
	e.clock.Add(16 * time.Minute)
	if res := b.tryLogin("abe", pw); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", res.StatusCode)
	}
	// One address trying many names is blocked too.
	b = e.browser()
	for i := 0; i < 30; i++ {
		b.tryLogin("guess"+itoa(int64(i)), "wrong password!!")
	}
	if res := e.browser().tryLogin("ito", "correct horse battery ito"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("address after 30 failures: %d, want 429", res.StatusCode)
	}
	blocked, _ := e.db.AuditLog(context.Background(), consult.AuditQuery{Action: "login.blocked"})
	if len(blocked) < 2 || blocked[0].Actor != "-" {
		t.Errorf("blocked logins in the audit: %+v", blocked)
	}
}

func TestDisabledAccount(t *testing.T) {
	e := newEnv(t)
	pw := e.user("sato", consult.RoleStaff, consult.Houkatsu)
	b := e.browser()
	b.login("sato", pw)
	u, _ := e.db.UserByName(context.Background(), "sato")
	u.DisabledAt = now
	if err := e.db.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if code, _ := b.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("disabled account's session: %d, want the login page", code)
	}
	if res := e.browser().tryLogin("sato", pw); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("disabled account login: %d", res.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	res, err := http.Get(e.ts.URL + "/console/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for h, want := range map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Frame-Options": "DENY",
		"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
		if got := res.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	res, err = http.Get(e.ts.URL + "/console/static/console.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestLoginReplacesTheOldSession(t *testing.T) {
	e := newEnv(t)
	pw := e.user("abe", consult.RoleCoordinator)
	b := e.browser()
	tok := b.csrf("/console/login") // a login form left open in another tab
	b.login("abe", pw)
	u, _ := url.Parse(e.ts.URL)
	first := b.c.Jar.Cookies(u)
	// The old tab's form is sent: its token still matches its cookie.
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "tsunagu_login", Value: tok, Path: "/"}})
	if res, _ := b.post("/console/login", url.Values{"csrf": {tok}, "name": {"abe"}, "password": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second login: %d", res.StatusCode)
	}
	replay := e.browser()
	replay.c.Jar.SetCookies(u, first)
	if code, _ := replay.get("/console/cases"); code != http.StatusSeeOther {
		t.Errorf("the session before the second login still works: %d", code)
	}
	if code, _ := b.get("/console/cases"); code != http.StatusOK {
		t.Errorf("the new session: %d", code)
	}
}
