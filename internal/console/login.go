package console

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

type loginData struct {
	Token string
	Next  string
	Name  string
	Error string
	// RetryAt is when a blocked login may be tried again.
	RetryAt time.Time
}

// loginPage shows the login form. The form carries a token that must match
// a cookie set here (a double-submit token: there is no session yet).
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if l, err := s.session(r); err == nil && l != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginData{Next: next})
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, code int, d loginData) {
	b, err := randomBytes(32)
	if err != nil {
		s.failErr(w, r, "login form", err)
		return
	}
	d.Token = base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: s.loginCk, Value: d.Token, Path: "/", MaxAge: 3600, HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteStrictMode})
	s.render(w, r, code, "login", "", d)
}

// login checks the name and password, within the rate limits, and starts a
// session. Unknown names cost the same hashing time as known ones.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, "")
		return
	}
	ck, err := r.Cookie(s.loginCk)
	if err != nil || !tokenEqual(r.PostForm.Get("csrf"), ck.Value) {
		s.fail(w, r, http.StatusForbidden, "")
		return
	}
	name, password := r.PostForm.Get("name"), r.PostForm.Get("password")
	d := loginData{Next: safeNext(r.PostForm.Get("next")), Name: name}
	now, addr := s.now(), clientAddr(r)
	if blocked, by, until := s.loginBlocked(name, addr, now); blocked {
		// The typed name is not recorded: it may be a password typed in
		// the wrong field.
		s.audit(r, consult.AuditEntry{Actor: "-", Action: "login.blocked", Detail: "limit=" + by, Remote: addr})
		w.Header().Set("Retry-After", strconv.Itoa(int(until.Sub(now)/time.Second)+1))
		d.Error, d.RetryAt = "429", until
		s.renderLogin(w, r, http.StatusTooManyRequests, d)
		return
	}
	u, err := s.store.UserByName(r.Context(), name)
	known := err == nil
	if err != nil && !isErr(err, consult.ErrNotFound) {
		s.failErr(w, r, "login", err)
		return
	}
	phc := s.dummyPHC
	if known {
		phc = u.PasswordHash
	}
	ok := s.checkPassword(password, phc) && known && u.DisabledAt.IsZero()
	if !ok {
		s.byName.fail(name, now)
		s.byAddr.fail(addr, now)
		actor := "-"
		if known {
			actor = u.Name
		}
		s.audit(r, consult.AuditEntry{Actor: actor, Action: "login.failed", Remote: addr})
		d.Error = "login"
		s.renderLogin(w, r, http.StatusUnauthorized, d)
		return
	}
	s.byName.reset(name)
	// A login replaces whatever session this browser had.
	if old, err := s.session(r); err == nil && old != nil {
		if err := s.store.DeleteSession(r.Context(), old.sess.TokenHash); err != nil {
			s.failErr(w, r, "end old session", err)
			return
		}
	}
	if err := s.startSession(w, r, u); err != nil {
		s.failErr(w, r, "start session", err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.loginCk, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure})
	s.audit(r, consult.AuditEntry{Actor: u.Name, Action: "login", Remote: addr})
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

// loginBlocked reports whether the account name or the address reached
// its limit of failures, which one, and until when.
func (s *Server) loginBlocked(name, addr string, now time.Time) (bool, string, time.Time) {
	if b, until := s.byAddr.blocked(addr, now); b {
		return true, "address", until
	}
	if b, until := s.byName.blocked(name, now); b {
		return true, "account", until
	}
	return false, "", time.Time{}
}

// checkPassword runs at most two hashes at once (each takes 64 MiB).
func (s *Server) checkPassword(password, phc string) bool {
	s.hashSem <- struct{}{}
	defer func() { <-s.hashSem }()
	return CheckPassword(password, phc)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	u, _, _ := current(r)
	if err := s.endSession(w, r); err != nil {
		s.failErr(w, r, "logout", err)
		return
	}
	s.audit(r, consult.AuditEntry{Actor: u.Name, Action: "logout"})
	http.Redirect(w, r, "/console/login", http.StatusSeeOther)
}
