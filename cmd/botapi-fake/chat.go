package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"orglife/bot/telegramtest"
)

// chatUserID is the user the terminal speaks for.
const chatUserID = 1

// runChat makes the terminal a private chat with the bot until ctx ends.
// Input ending (Ctrl-D) ends typing; the bot's messages keep being shown.
func runChat(ctx context.Context, srv *telegramtest.Server, in io.Reader, out io.Writer) {
	user := srv.NewUser(chatUserID, "你").SetLanguageCode("zh")
	w := &lockedWriter{w: out}
	fmt.Fprintln(w, `你 (user 1): type a message, "!click <button text>" to press a button.`)
	view := &chatView{out: w, user: user, printed: map[string]bool{}}
	go view.follow(ctx, srv)
	go readInput(in, user, w)
}

// readInput sends each line typed as the user's message, or runs a "!" command.
func readInput(in io.Reader, user *telegramtest.User, out io.Writer) {
	scanner := bufio.NewScanner(in)
	for scanner.Scan() {
		if msg := handleLine(user, scanner.Text()); msg != "" {
			fmt.Fprintln(out, msg)
		}
	}
}

// handleLine acts on one typed line and returns anything to tell the person.
func handleLine(user *telegramtest.User, line string) string {
	line = strings.TrimSpace(line)
	switch {
	case line == "":
		return ""
	case strings.HasPrefix(line, "!click "):
		if _, err := user.Click(strings.TrimSpace(strings.TrimPrefix(line, "!click "))); err != nil {
			return "! " + err.Error()
		}
		return ""
	case strings.HasPrefix(line, "!"):
		return `! commands: "!click <button text>"; anything else is sent as a message`
	}
	user.Send(line)
	return ""
}

// chatView prints the bot's messages as they are sent, edited or deleted,
// and the bot's answers to button presses.
type chatView struct {
	out     io.Writer
	user    *telegramtest.User
	cursor  int             // BotEvents position; used by follow's goroutine only
	printed map[string]bool // callback queries whose answer was shown
}

func (v *chatView) follow(ctx context.Context, srv *telegramtest.Server) {
	for {
		v.printNew()
		if srv.WaitFor(ctx, v.hasNew) != nil {
			return
		}
	}
}

func (v *chatView) hasNew() bool {
	events, _ := v.user.BotEvents(v.cursor)
	return len(events) > 0 || len(v.newAnswers()) > 0
}

func (v *chatView) printNew() {
	events, next := v.user.BotEvents(v.cursor)
	v.cursor = next
	for _, m := range events {
		fmt.Fprint(v.out, render(m))
	}
	for _, a := range v.newAnswers() {
		v.printed[a.QueryID] = true
		if a.Text != "" {
			fmt.Fprintf(v.out, "    (%s)\n", a.Text)
		}
	}
}

func (v *chatView) newAnswers() []telegramtest.CallbackAnswer {
	var out []telegramtest.CallbackAnswer
	for _, a := range v.user.CallbackAnswers() {
		if a.Answered && !v.printed[a.QueryID] {
			out = append(out, a)
		}
	}
	return out
}

// render shows a bot message as text: Message.Text already has the HTML
// tags stripped and entities unescaped; buttons appear as [text].
func render(m telegramtest.Message) string {
	var b strings.Builder
	label := fmt.Sprintf("bot #%d", m.ID)
	switch {
	case m.Deleted:
		return label + " (deleted)\n"
	case m.Edits > 0:
		label += " (edited)"
	}
	fmt.Fprintf(&b, "%s: %s\n", label, m.Text)
	if m.Document != nil {
		fmt.Fprintf(&b, "    [file %s, %d bytes]\n", m.Document.Name, m.Document.Size)
	}
	if m.Photo != nil {
		fmt.Fprintf(&b, "    [photo, %d bytes]\n", m.Photo.Size)
	}
	for _, row := range m.Buttons {
		b.WriteString("   ")
		for _, button := range row {
			b.WriteString(" [" + button.Text + "]")
		}
		b.WriteString("\n")
	}
	for _, row := range m.Keyboard {
		b.WriteString("    keyboard:")
		for _, text := range row {
			b.WriteString(" [" + text + "]")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// lockedWriter lets the input and the view goroutines share the terminal.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
