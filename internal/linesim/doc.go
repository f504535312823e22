// Package linesim simulates the LINE platform for tsunagu's demo, end-to-end
// tests and load test. It is written from LINE's public documentation and
// OpenAPI specs, independently of line-bot-sdk-go, so that it checks the
// bot's adapter instead of mirroring it.
//
// It has three parts:
//
//   - API, a fake Messaging API (reply, push, loading animation, profile,
//     rich menus) that validates requests like LINE, records every call and
//     every delivered message, and can inject faults;
//   - Client, which builds webhook events like LINE (ULID event IDs, reply
//     tokens issued by the API, x-line-signature) and posts them to the bot;
//   - NewChat, a chat page in the browser that looks like a LINE chat on a
//     phone, with a side panel showing the raw Messaging API calls.
//
// Mounting in the demo server:
//
//	api := linesim.NewAPI(linesim.Options{AccessToken: token})
//	client := &linesim.Client{WebhookURL: base + "/line/webhook", ChannelSecret: secret, API: api}
//	mux.Handle("/sim/line/", api.Handler()) // LINE_API_BASE_URL=<base>/sim/line
//	mux.Handle("/sim/", linesim.NewChat(api, client, linesim.ChatOptions{}))
package linesim
