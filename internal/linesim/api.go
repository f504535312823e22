package linesim

import (
	"net/http"
	"sync/atomic"
	"time"
)

// Options configures a fake Messaging API. The zero value works: any
// bearer token is accepted and LINE's documented limits apply.
type Options struct {
	// AccessToken is the channel access token the bot must send as
	// "Authorization: Bearer …". Empty accepts any non-empty token.
	AccessToken string
	// BotUserID is the bot's user ID, the webhook "destination".
	// Default: UserID("tsunagu-bot").
	BotUserID string
	// AccountName is the official account's display name (chat header,
	// bot info). Default "tsunagu".
	AccountName string
	// ReplyTokenTTL is how long a reply token can be used. Default 1 min.
	ReplyTokenTTL time.Duration
	// RedeliveryWindow is how long after the event a redelivery revives an
	// unused reply token. Default 20 min.
	RedeliveryWindow time.Duration
	// RetryKeyTTL is how long an accepted X-Line-Retry-Key is remembered.
	// Default 24 h.
	RetryKeyTTL time.Duration
	// MaxDeliveries bounds the deliveries kept for inspection (oldest are
	// dropped). Default 50,000.
	MaxDeliveries int
	// MaxCalls bounds the calls kept for inspection. Default 5,000.
	MaxCalls int
	// MaxTimings bounds the per-event latency records kept. Default 10,000.
	MaxTimings int
	// PushQuota is the number of push messages accepted before LINE's
	// "monthly limit" 429; 0 means unlimited. Replies are not counted.
	PushQuota int64
	// RateLimits are requests per second per endpoint (reply, push,
	// loading …) before LINE's 429. Nil means DefaultRateLimits; an empty
	// map disables rate limiting.
	RateLimits map[string]int
	// Now replaces the clock (tests of token expiry). Default time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.BotUserID == "" {
		o.BotUserID = UserID("tsunagu-bot")
	}
	if o.AccountName == "" {
		o.AccountName = "tsunagu"
	}
	if o.ReplyTokenTTL <= 0 {
		o.ReplyTokenTTL = time.Minute
	}
	if o.RedeliveryWindow <= 0 {
		o.RedeliveryWindow = 20 * time.Minute
	}
	if o.RetryKeyTTL <= 0 {
		o.RetryKeyTTL = 24 * time.Hour
	}
	if o.MaxDeliveries <= 0 {
		o.MaxDeliveries = 50000
	}
	if o.MaxCalls <= 0 {
		o.MaxCalls = 5000
	}
	if o.MaxTimings <= 0 {
		o.MaxTimings = 10000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RateLimits == nil {
		o.RateLimits = DefaultRateLimits
	}
	return o
}

// API is a fake LINE Messaging API. It is safe for concurrent use; locks
// are held only for short map and slice updates, never while decoding.
type API struct {
	opts       Options
	tokens     tokenStore
	retry      retryStore
	users      userStore
	deliveries deliveryLog
	calls      callLog
	faults     faultQueue
	latency    latencyBook
	richMenus  richMenuStore
	webhooks   webhookLog
	stats      apiCounters
	quotaUsed  atomic.Int64 // push messages counted against PushQuota
	limiter    *rateLimiter
}

// apiCounters are monotonic totals since NewAPI (Reset clears them).
type apiCounters struct {
	calls, replies, pushes, undelivered, refused, faults, loading atomic.Int64
}

// Stats are totals since NewAPI or the last Reset.
type Stats struct {
	Calls       int64 // every request received
	Replies     int64 // accepted reply requests
	Pushes      int64 // accepted push requests (counted against PushQuota)
	Undelivered int64 // accepted but not delivered (recipient blocked the account)
	Refused     int64 // answered 4xx
	Faults      int64 // answered by an injected fault
	Loading     int64 // accepted loading animations
}

// NewAPI returns a fake Messaging API.
func NewAPI(opts Options) *API {
	a := &API{opts: opts.withDefaults()}
	a.limiter = newRateLimiter(a.opts.RateLimits)
	a.tokens.init()
	a.retry.init()
	a.users.init()
	a.deliveries.init(a.opts.MaxDeliveries)
	a.calls.init(a.opts.MaxCalls)
	a.latency.init(a.opts.MaxTimings)
	a.richMenus.init()
	a.webhooks.init(200)
	return a
}

// Options returns the options in effect, defaults filled in.
func (a *API) Options() Options { return a.opts }

// Handler serves the Messaging API. It routes on the part of the path from
// "/v2/bot/" on, so it can be mounted under any prefix, e.g.
// mux.Handle("/sim/line/", api.Handler()) with
// LINE_API_BASE_URL=http://localhost:8080/sim/line. The blob host paths
// (rich menu images) are served by the same handler.
func (a *API) Handler() http.Handler { return http.HandlerFunc(a.serveHTTP) }

// Stats returns totals since NewAPI or the last Reset.
func (a *API) Stats() Stats {
	s := &a.stats
	return Stats{
		Calls: s.calls.Load(), Replies: s.replies.Load(), Pushes: s.pushes.Load(),
		Undelivered: s.undelivered.Load(), Refused: s.refused.Load(),
		Faults: s.faults.Load(), Loading: s.loading.Load(),
	}
}

// Reset forgets everything recorded and injected: deliveries, calls,
// reply tokens, retry keys, faults, blocks, profiles, loading state, rich
// menus, latency records and counters. Sequence numbers keep increasing.
func (a *API) Reset() {
	a.tokens.reset()
	a.retry.reset()
	a.users.reset()
	a.deliveries.reset()
	a.calls.reset()
	a.faults.reset()
	a.latency.reset()
	a.richMenus.reset()
	a.webhooks.reset()
	s := &a.stats
	for _, c := range []*atomic.Int64{&s.calls, &s.replies, &s.pushes, &s.undelivered, &s.refused, &s.faults, &s.loading} {
		c.Store(0)
	}
	a.quotaUsed.Store(0)
	a.limiter.reset()
}

func (a *API) now() time.Time { return a.opts.Now() }
