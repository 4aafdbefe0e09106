package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"orglife/app"
	"orglife/bot/telegramtest"
	"orglife/configs"
)

func newApp(cfg configs.Config) (*app.App, error) {
	return app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
}

func waitUntil(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 15s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func waitAnswered(t *testing.T, u *telegramtest.User, n int) {
	t.Helper()
	waitUntil(t, func() bool {
		answered := 0
		for _, a := range u.CallbackAnswers() {
			if a.Answered {
				answered++
			}
		}
		return answered >= n
	})
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func postUpdate(t *testing.T, url, secret, body string) int {
	t.Helper()
	code, _ := postHook(t, url, secret, body)
	return code
}

// postHook POSTs body to the webhook with secret (none when empty) and returns the answer.
func postHook(t *testing.T, hookURL, secret, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, hookURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(answer)
}

func grep(text, word string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func menu(cmds []telegramtest.Command) string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.Command)
	}
	return strings.Join(names, " ")
}
