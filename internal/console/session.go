package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// maxForm bounds a console form body (notes included).
const maxForm = 64 << 10

// touchEvery limits writes of a session's last activity.
const touchEvery = time.Minute

type ctxKey struct{}

type login struct {
	user consult.StaffUser
	sess consult.StaffSession
}

// current returns the logged-in user and session of a request.
func current(r *http.Request) (consult.StaffUser, consult.StaffSession, bool) {
	l, ok := r.Context().Value(ctxKey{}).(*login)
	if !ok {
		return consult.StaffUser{}, consult.StaffSession{}, false
	}
	return l.user, l.sess, true
}

// roles a route admits.
type roles func(consult.StaffRole) bool

func anyRole(consult.StaffRole) bool { return true }

func coordinators(r consult.StaffRole) bool {
	return r == consult.RoleCoordinator || r == consult.RoleAdmin
}

func admins(r consult.StaffRole) bool { return r == consult.RoleAdmin }

// auth admits requests with a live session of a user of the given roles.
// GET without a session goes to the login page; any other method is
// refused (403). Every POST must carry the session's CSRF token.
func (s *Server) auth(allow roles, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, err := s.session(r)
		if err != nil {
			s.log.ErrorContext(r.Context(), "console session lookup failed", "error", err.Error())
			s.fail(w, r, http.StatusInternalServerError, "")
			return
		}
		if l == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/console/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, http.StatusForbidden, "")
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, l))
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if err := r.ParseForm(); err != nil {
				s.fail(w, r, http.StatusBadRequest, "")
				return
			}
			if !tokenEqual(r.PostForm.Get("csrf"), l.sess.CSRF) {
				s.log.WarnContext(r.Context(), "console form without a valid csrf token", "user", l.user.ID, "path", r.URL.Path)
				s.fail(w, r, http.StatusForbidden, "")
				return
			}
		}
		if !allow(l.user.Role) {
			s.fail(w, r, http.StatusForbidden, "")
			return
		}
		h(w, r)
	})
}

// session finds the live login of the request's cookie, or nil.
func (s *Server) session(r *http.Request) (*login, error) {
	ck, err := r.Cookie(s.cookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || len(raw) != 32 {
		return nil, nil
	}
	hash := sha256.Sum256(raw)
	ctx := r.Context()
	sess, err := s.store.SessionByHash(ctx, hash[:])
	if isErr(err, consult.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.opts.IdleTimeout {
		return nil, s.store.DeleteSession(ctx, hash[:])
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if isErr(err, consult.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !u.DisabledAt.IsZero() {
		return nil, s.store.DeleteSession(ctx, hash[:])
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.store.TouchSession(ctx, hash[:], now); err != nil {
			return nil, err
		}
		sess.LastSeenAt = now
	}
	return &login{user: u, sess: sess}, nil
}

// startSession creates a login for u and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u consult.StaffUser) error {
	token, err := randomBytes(32)
	if err != nil {
		return err
	}
	csrf, err := randomBytes(32)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	hash := sha256.Sum256(token)
	sess := consult.StaffSession{TokenHash: hash[:], UserID: u.ID, CSRF: base64.RawURLEncoding.EncodeToString(csrf),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opts.MaxAge), Remote: clientAddr(r)}
	if err := s.store.AddSession(r.Context(), sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: base64.RawURLEncoding.EncodeToString(token), Path: "/",
		MaxAge: int(s.opts.MaxAge / time.Second), HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// endSession deletes the request's login and clears its cookie.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode})
	_, sess, ok := current(r)
	if !ok {
		return nil
	}
	return s.store.DeleteSession(r.Context(), sess.TokenHash)
}

func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("random token: %w", err)
	}
	return b, nil
}

// tokenEqual compares tokens in constant time; an empty token never matches.
func tokenEqual(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// clientAddr is the TCP peer's address without the port. X-Forwarded-For
// is not trusted: behind a proxy this is the proxy.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext keeps a post-login redirect inside the console.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/console/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/console/cases"
	}
	return next
}
