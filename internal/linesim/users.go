package linesim

import (
	"sync"
	"time"
)

// userState is what the platform knows about one user or chat.
type userState struct {
	known        bool // has talked to or followed the account
	blocked      bool
	name         string
	language     string
	loadingUntil time.Time
}

// userStore holds user and chat state.
type userStore struct {
	mu sync.Mutex
	m  map[string]*userState
	// loading state changes are published to the chat page
	loadingSubs subscribers[LoadingState]
}

func (s *userStore) init() { s.m = make(map[string]*userState) }

func (s *userStore) reset() {
	s.mu.Lock()
	s.m = make(map[string]*userState)
	s.mu.Unlock()
}

// get returns the state for id, creating it; callers hold s.mu.
func (s *userStore) getLocked(id string) *userState {
	u := s.m[id]
	if u == nil {
		u = &userState{language: "ja"}
		s.m[id] = u
	}
	return u
}

func (s *userStore) blocked(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.m[id]
	return u != nil && u.blocked
}

// Block marks userID as having blocked the account: pushes are accepted
// but not delivered, and the profile answers 404. Client.Unfollow calls it.
func (a *API) Block(userID string) {
	a.users.mu.Lock()
	a.users.getLocked(userID).blocked = true
	a.users.mu.Unlock()
}

// Unblock undoes Block. Client.Follow calls it.
func (a *API) Unblock(userID string) {
	a.users.mu.Lock()
	u := a.users.getLocked(userID)
	u.blocked = false
	u.known = true
	a.users.mu.Unlock()
}

// Blocked reports whether userID has blocked the account.
func (a *API) Blocked(userID string) bool { return a.users.blocked(userID) }

// SetProfile sets the display name returned by the profile endpoint and
// makes the user known.
func (a *API) SetProfile(userID, displayName string) {
	a.users.mu.Lock()
	u := a.users.getLocked(userID)
	u.name = displayName
	u.known = true
	a.users.mu.Unlock()
}

// follow makes a user a friend and reports whether it was blocked before.
func (a *API) follow(userID string) (wasBlocked bool) {
	a.users.mu.Lock()
	defer a.users.mu.Unlock()
	u := a.users.getLocked(userID)
	wasBlocked = u.blocked
	u.blocked = false
	u.known = true
	return wasBlocked
}

// touch records that a user talked to the account.
func (a *API) touch(userID string) {
	a.users.mu.Lock()
	a.users.getLocked(userID).known = true
	a.users.mu.Unlock()
}

// profile returns the display name of a known, unblocked user.
func (a *API) profile(userID string) (name, lang string, ok bool) {
	a.users.mu.Lock()
	defer a.users.mu.Unlock()
	u := a.users.m[userID]
	if u == nil || !u.known || u.blocked {
		return "", "", false
	}
	name = u.name
	if name == "" {
		name = "Resident " + userID[len(userID)-4:]
	}
	return name, u.language, true
}

// LoadingState is the loading animation of one chat.
type LoadingState struct {
	ChatID string
	// Until is when the animation ends by itself; zero when it stopped
	// because a message arrived.
	Until time.Time
}

// startLoading shows the animation in chatID until until.
func (a *API) startLoading(chatID string, until time.Time) {
	a.users.mu.Lock()
	a.users.getLocked(chatID).loadingUntil = until
	a.users.mu.Unlock()
	a.users.loadingSubs.publish(LoadingState{ChatID: chatID, Until: until})
}

// stopLoading ends the animation when a message arrives.
func (a *API) stopLoading(chatID string) {
	a.users.mu.Lock()
	u := a.users.m[chatID]
	was := u != nil && !u.loadingUntil.IsZero()
	if was {
		u.loadingUntil = time.Time{}
	}
	a.users.mu.Unlock()
	if was {
		a.users.loadingSubs.publish(LoadingState{ChatID: chatID})
	}
}

// Loading reports whether the loading animation is showing in chatID and
// until when.
func (a *API) Loading(chatID string) (until time.Time, showing bool) {
	a.users.mu.Lock()
	defer a.users.mu.Unlock()
	u := a.users.m[chatID]
	if u == nil || u.loadingUntil.IsZero() || a.now().After(u.loadingUntil) {
		return time.Time{}, false
	}
	return u.loadingUntil, true
}

// SubscribeLoading returns a channel of loading animation changes and a
// function to stop.
func (a *API) SubscribeLoading() (<-chan LoadingState, func()) {
	return a.users.loadingSubs.subscribe(256)
}
