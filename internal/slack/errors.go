package slack

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/slack-go/slack"

	"github.com/n-csw/tsunagu/internal/consult"
)

// errSkip ends a job with nothing to do (a case closed before it was ever
// posted: a withdrawn case's details are not sent after the fact).
var errSkip = errors.New("nothing to post")

// permanentCodes are Slack errors that no retry will fix: the message is
// malformed. Authentication and channel errors are retried, since an
// operator can fix them (invite the app, renew the token) within the
// outbox's retry window.
var permanentCodes = map[string]bool{
	"invalid_blocks": true, "invalid_blocks_format": true, "msg_too_long": true, "no_text": true,
	"invalid_arguments": true, "invalid_metadata_format": true, "invalid_metadata_schema": true,
	"metadata_too_large": true, "too_many_attachments": true, "invalid_ts_latest": true, "invalid_ts_oldest": true,
}

// channelCodes are errors after which a post goes to the default channel.
var channelCodes = map[string]bool{"channel_not_found": true, "not_in_channel": true, "is_archived": true}

// goneCodes mean a message to update no longer exists or is not ours.
var goneCodes = map[string]bool{"message_not_found": true, "cant_update_message": true, "edit_window_closed": true}

func slackCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// errorKind names an error for metrics and logs (never personal data).
func errorKind(err error) string {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var ne net.Error
	switch {
	case errors.As(err, &rl):
		return "ratelimited"
	case errors.As(err, &sc):
		if sc.Code >= 500 {
			return "http_5xx"
		}
		return "http_4xx"
	case slackCode(err) != "":
		return slackCode(err)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.As(err, &ne):
		return "network"
	}
	return "other"
}

// outcome turns a failed attempt into the outbox's next step.
func outcome(err error) consult.Delivery {
	d := consult.Delivery{Err: err}
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	switch {
	case errors.As(err, &rl):
		d.RetryAfter = max(rl.RetryAfter, time.Second)
	case errors.As(err, &sc):
		d.Permanent = sc.Code >= 400 && sc.Code < 500 && sc.Code != 408 && sc.Code != 429
	case permanentCodes[slackCode(err)]:
		d.Permanent = true
	}
	return d
}
