package console

import (
	"net/http"
	"strconv"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

type usersData struct {
	Users []consult.StaffUser
	Roles []consult.StaffRole
	// Created names an account just made or reset, with its generated
	// password, shown this once.
	Created  string
	Password string
	Error    string
	Form     struct{ Name, Role string }
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, code int, d usersData) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.failErr(w, r, "users", err)
		return
	}
	d.Users, d.Roles = users, []consult.StaffRole{consult.RoleStaff, consult.RoleCoordinator, consult.RoleAdmin}
	s.render(w, r, code, "users", "users", d)
}

// usersPage lists accounts with forms to add and change them (admins).
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, usersData{})
}

func formChannels(r *http.Request) ([]consult.Channel, bool) {
	var out []consult.Channel
	for _, v := range r.PostForm["channel"] {
		ch, err := consult.ParseChannel(v)
		if err != nil || ch == "" {
			return nil, false
		}
		out = append(out, ch)
	}
	return out, true
}

// addUser creates an account; without a password one is generated and
// shown once.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {
	name, role := r.PostForm.Get("name"), consult.StaffRole(r.PostForm.Get("role"))
	d := usersData{}
	d.Form.Name, d.Form.Role = name, string(role)
	chs, ok := formChannels(r)
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "")
		return
	}
	password := r.PostForm.Get("password")
	switch {
	case !validName(name):
		d.Error = "name-invalid"
	case !role.Valid():
		d.Error = "400"
	case role == consult.RoleStaff && len(chs) == 0:
		d.Error = "channels-required"
	case password != "" && checkPasswordPolicy(password) != nil:
		d.Error = "password-short"
	}
	if d.Error != "" {
		s.renderUsers(w, r, http.StatusBadRequest, d)
		return
	}
	u, pw, err := AddUser(r.Context(), s.store, name, role, chs, password, s.opts.Hash)
	if isErr(err, consult.ErrConflict) {
		d.Error = "name-taken"
		s.renderUsers(w, r, http.StatusConflict, d)
		return
	}
	if err != nil {
		s.failErr(w, r, "add user", err)
		return
	}
	s.audit(r, consult.AuditEntry{Actor: s.actor(r), Action: "user.add", Detail: u.Name + " role=" + string(u.Role)})
	d = usersData{Created: u.Name}
	if password == "" {
		d.Password = pw
	}
	s.renderUsers(w, r, http.StatusOK, d)
}

// updateUser changes an account's role and channels, disables or enables
// it, or resets its password (admins). Admins cannot lock themselves out.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "")
		return
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		s.failErr(w, r, "load user", err)
		return
	}
	me, _, _ := current(r)
	op := r.PostForm.Get("op")
	if u.ID == me.ID && op != "reset" {
		s.fail(w, r, http.StatusForbidden, "")
		return
	}
	d := usersData{}
	switch op {
	case "update":
		role := consult.StaffRole(r.PostForm.Get("role"))
		chs, ok := formChannels(r)
		if !ok || !role.Valid() {
			s.fail(w, r, http.StatusBadRequest, "")
			return
		}
		if role == consult.RoleStaff && len(chs) == 0 {
			d.Error = "channels-required"
			s.renderUsers(w, r, http.StatusBadRequest, d)
			return
		}
		if role != consult.RoleStaff {
			chs = nil
		}
		u.Role, u.Channels = role, chs
	case "disable":
		u.DisabledAt = s.now().UTC()
	case "enable":
		u.DisabledAt = time.Time{}
	case "reset":
		pw, err := SetPassword(r.Context(), s.store, u.Name, "", s.opts.Hash)
		if err != nil {
			s.failErr(w, r, "reset password", err)
			return
		}
		s.audit(r, consult.AuditEntry{Actor: me.Name, Action: "user.password", Detail: u.Name})
		if u.ID == me.ID {
			http.Redirect(w, r, "/console/login", http.StatusSeeOther)
			return
		}
		s.renderUsers(w, r, http.StatusOK, usersData{Created: u.Name, Password: pw})
		return
	default:
		s.fail(w, r, http.StatusBadRequest, "")
		return
	}
	if err := s.store.UpdateUser(r.Context(), u); err != nil {
		s.failErr(w, r, "update user", err)
		return
	}
	if op == "disable" || op == "update" {
		// A changed role or a disabled account takes effect at once.
		if err := s.store.DeleteUserSessions(r.Context(), u.ID); err != nil {
			s.failErr(w, r, "end sessions", err)
			return
		}
	}
	s.audit(r, consult.AuditEntry{Actor: me.Name, Action: "user.update", Detail: u.Name + " op=" + op})
	http.Redirect(w, r, "/console/users?done=user-updated", http.StatusSeeOther)
}

type accountData struct{ Error string }

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account", "account", accountData{})
}

// changePassword changes the user's own password, ends all their sessions
// and starts a new one.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	u, _, _ := current(r)
	cur, next, again := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("confirm")
	d := accountData{}
	switch {
	case !s.checkPassword(cur, u.PasswordHash):
		d.Error = "password-wrong"
	case checkPasswordPolicy(next) != nil:
		d.Error = "password-short"
	case next != again:
		d.Error = "password-mismatch"
	}
	if d.Error != "" {
		s.render(w, r, http.StatusBadRequest, "account", "account", d)
		return
	}
	if _, err := SetPassword(r.Context(), s.store, u.Name, next, s.opts.Hash); err != nil {
		s.failErr(w, r, "change password", err)
		return
	}
	s.audit(r, consult.AuditEntry{Actor: u.Name, Action: "user.password", Detail: u.Name})
	if err := s.startSession(w, r, u); err != nil {
		s.failErr(w, r, "start session", err)
		return
	}
	http.Redirect(w, r, "/console/account?done=password", http.StatusSeeOther)
}
