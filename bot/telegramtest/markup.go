package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
)

// maxCallbackData is Telegram's limit for callback_data, in bytes.
const maxCallbackData = 64

// markup is a validated reply_markup.
type markup struct {
	inline   [][]inlineButton
	keyboard [][]string // texts of a reply keyboard's buttons
	// raw is the inline keyboard as Telegram echoes it in Message.reply_markup,
	// normalized so that two equal keyboards compare equal byte for byte.
	raw json.RawMessage
}

type inlineButton struct {
	Text         string  `json:"text"`
	CallbackData *string `json:"callback_data"`
	URL          *string `json:"url"`
}

func (m *markup) isInline() bool { return m != nil && m.inline != nil }

// rawInline is the JSON Telegram puts in a message for this markup: only
// inline keyboards are echoed.
func (m *markup) rawInline() json.RawMessage {
	if !m.isInline() {
		return nil
	}
	return m.raw
}

func sameMarkup(a, b *markup) bool {
	return bytes.Equal(a.rawInline(), b.rawInline())
}

func errMarkupJSON() *apiError {
	return badRequest("can't parse reply keyboard markup JSON object")
}

// parseMarkup validates reply_markup; an empty value means no markup.
func parseMarkup(value string) (*markup, *apiError) {
	if value == "" {
		return nil, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(value), &fields); err != nil {
		return nil, errMarkupJSON()
	}
	switch {
	case fields["inline_keyboard"] != nil:
		return parseInlineKeyboard(fields["inline_keyboard"])
	case fields["keyboard"] != nil:
		return parseReplyKeyboard(fields["keyboard"])
	case fields["remove_keyboard"] != nil, fields["force_reply"] != nil:
		return &markup{}, nil
	}
	return nil, errMarkupJSON()
}

func parseInlineKeyboard(raw json.RawMessage) (*markup, *apiError) {
	var rows [][]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`)
	}
	m := &markup{inline: make([][]inlineButton, 0, len(rows))}
	for _, row := range rows {
		buttons := make([]inlineButton, 0, len(row))
		for _, fields := range row {
			b, err := parseInlineButton(fields)
			if err != nil {
				return nil, err
			}
			buttons = append(buttons, b)
		}
		m.inline = append(m.inline, buttons)
	}
	normalized, err := normalizeJSON(raw)
	if err != nil {
		return nil, errMarkupJSON()
	}
	m.raw = json.RawMessage(`{"inline_keyboard":` + string(normalized) + `}`)
	return m, nil
}

// inlineActions are the fields of which an inline button must use exactly one.
func inlineActions() []string {
	return []string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
		"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"}
}

func parseInlineButton(fields map[string]json.RawMessage) (inlineButton, *apiError) {
	var b inlineButton
	if err := json.Unmarshal([]byte(fields["text"]), &b.Text); err != nil || fields["text"] == nil {
		return b, badRequest(`can't parse inline keyboard button: Can't find field "text"`)
	}
	if b.Text == "" {
		return b, badRequest("can't parse inline keyboard button: Text must be non-empty")
	}
	actions := 0
	for _, name := range inlineActions() {
		if v, ok := fields[name]; ok && string(v) != "false" && string(v) != "null" {
			actions++
		}
	}
	switch {
	case actions == 0:
		return b, badRequest("text buttons are unallowed in the inline keyboard")
	case actions > 1:
		return b, badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
	}
	if err := b.decodeAction(fields); err != nil {
		return b, err
	}
	return b, nil
}

func (b *inlineButton) decodeAction(fields map[string]json.RawMessage) *apiError {
	if raw, ok := fields["callback_data"]; ok {
		var data string
		if json.Unmarshal(raw, &data) != nil || len(data) < 1 || len(data) > maxCallbackData {
			return badRequest("BUTTON_DATA_INVALID")
		}
		b.CallbackData = &data
	}
	if raw, ok := fields["url"]; ok {
		var link string
		if json.Unmarshal(raw, &link) != nil || !validButtonURL(link) {
			return badRequest(fmt.Sprintf("inline keyboard button URL '%s' is invalid: Wrong HTTP URL", link))
		}
		b.URL = &link
	}
	return nil
}

func validButtonURL(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "tg":
		return true
	}
	return false
}

func parseReplyKeyboard(raw json.RawMessage) (*markup, *apiError) {
	var rows [][]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, badRequest(`field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays`)
	}
	m := &markup{keyboard: make([][]string, 0, len(rows))}
	for _, row := range rows {
		texts := make([]string, 0, len(row))
		for _, button := range row {
			text, ok := replyButtonText(button)
			if !ok {
				return nil, badRequest(`can't parse keyboard button: Can't find field "text"`)
			}
			texts = append(texts, text)
		}
		m.keyboard = append(m.keyboard, texts)
	}
	return m, nil
}

// replyButtonText accepts a button as a plain string or as a KeyboardButton object.
func replyButtonText(raw json.RawMessage) (string, bool) {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text, text != ""
	}
	var button struct {
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &button) != nil {
		return "", false
	}
	return button.Text, button.Text != ""
}

// normalizeJSON re-encodes JSON with sorted keys and no white space.
func normalizeJSON(raw json.RawMessage) (json.RawMessage, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
