package linesim

import (
	"encoding/json"
	"net/http"
	"time"
)

// faultRequest is the page's form to inject a fault into the fake API.
type faultRequest struct {
	Endpoint         string  `json:"endpoint"`
	Status           int     `json:"status"`
	DelaySeconds     float64 `json:"delaySeconds"`
	RetryAfter       int     `json:"retryAfterSeconds"`
	ProcessThenDelay bool    `json:"processThenDelay"`
	Times            int     `json:"times"`
}

var faultEndpoints = map[string]bool{"reply": true, "push": true, "loading": true, "profile": true, "richmenu": true, "*": true}

// serveFaults injects a fault (POST) or reports how many are pending (GET),
// so the demo can show how the bot copes with LINE errors and timeouts.
func (s *chatServer) serveFaults(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		var req faultRequest
		err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req)
		switch {
		case err != nil, !faultEndpoints[req.Endpoint],
			req.Status != 0 && (req.Status < 400 || req.Status > 599),
			req.Status == 0 && req.DelaySeconds <= 0,
			req.DelaySeconds < 0 || req.DelaySeconds > 120, req.Times < 0 || req.Times > 100:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "endpoint, status 400–599 or a delay, delay ≤ 120 s, times ≤ 100"})
			return
		}
		s.api.Inject(Fault{
			Endpoint: req.Endpoint, Status: req.Status,
			Delay:            time.Duration(req.DelaySeconds * float64(time.Second)),
			RetryAfter:       time.Duration(req.RetryAfter) * time.Second,
			ProcessThenDelay: req.ProcessThenDelay, Times: req.Times,
		})
	}
	writeJSON(w, http.StatusOK, map[string]int{"pending": s.api.PendingFaults()})
}
