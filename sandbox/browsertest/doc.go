// Package browsertest drives the sandbox's web page in headless chromium. It is a Go module of
// its own so that the browser driver (chromedp) stays out of the bot binary's module (go.mod).
package browsertest
