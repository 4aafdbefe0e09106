package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// maxRequestBytes is Telegram's upload limit (50 MB) plus room for the other fields.
const maxRequestBytes = 50<<20 + 1<<20

// apiRequest is one Bot API call with its parameters, whichever way they came:
// query string, urlencoded form, multipart form or JSON body.
type apiRequest struct {
	method string // canonical name once resolved against the spec
	params map[string]string
	files  map[string]*upload
}

// upload is one multipart file part.
type upload struct {
	name        string
	contentType string
	data        []byte
}

func (r *apiRequest) has(name string) bool {
	if _, ok := r.params[name]; ok {
		return true
	}
	_, ok := r.files[name]
	return ok
}

func (r *apiRequest) get(name string) string { return r.params[name] }

// names lists parameter and file names in a stable order.
func (r *apiRequest) names() []string {
	names := make([]string, 0, len(r.params)+len(r.files))
	for name := range r.params {
		names = append(names, name)
	}
	for name := range r.files {
		if _, dup := r.params[name]; !dup {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// isAttachment reports whether name is a file part referenced as attach://name
// by another parameter (media groups, thumbnails), which Telegram allows.
func (r *apiRequest) isAttachment(name string) bool {
	if _, ok := r.files[name]; !ok {
		return false
	}
	for _, v := range r.params {
		if strings.Contains(v, "attach://"+name) {
			return true
		}
	}
	return false
}

func (r *apiRequest) intParam(name string, def int) int {
	v, err := strconv.Atoi(r.params[name])
	if err != nil {
		return def
	}
	return v
}

func (r *apiRequest) boolParam(name string) bool {
	v, _ := strconv.ParseBool(r.params[name])
	return v
}

// parseRequest reads every parameter of an HTTP request. A body over the
// upload limit is refused with 413 as Telegram does.
func parseRequest(w http.ResponseWriter, r *http.Request) (*apiRequest, *apiError) {
	req := &apiRequest{params: map[string]string{}, files: map[string]*upload{}}
	addValues(req.params, r.URL.Query())
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBytes)
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch mediaType {
	case "multipart/form-data":
		err = parseMultipart(r, req)
	case "application/json":
		err = parseJSONBody(r.Body, req.params)
	default:
		err = parseForm(r, req.params)
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, description: "Request Entity Too Large"}
	case err != nil:
		return nil, badRequest("can't parse request: " + err.Error())
	}
	return req, nil
}

func addValues(dst map[string]string, values url.Values) {
	for k, v := range values {
		if _, seen := dst[k]; !seen && len(v) > 0 {
			dst[k] = v[0]
		}
	}
}

func parseForm(r *http.Request, params map[string]string) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return err
	}
	addValues(params, values)
	return nil
}

func parseMultipart(r *http.Request, req *apiRequest) error {
	if err := r.ParseMultipartForm(maxRequestBytes); err != nil {
		return err
	}
	defer r.MultipartForm.RemoveAll()
	addValues(req.params, r.MultipartForm.Value)
	for field, headers := range r.MultipartForm.File {
		if len(headers) == 0 {
			continue
		}
		f, err := headers[0].Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return err
		}
		req.files[field] = &upload{name: headers[0].Filename, contentType: headers[0].Header.Get("Content-Type"), data: data}
	}
	return nil
}

// parseJSONBody accepts the JSON form of a request: strings stay as they are,
// anything else keeps its JSON text, as if it had been form-encoded.
func parseJSONBody(body io.Reader, params map[string]string) error {
	var fields map[string]json.RawMessage
	if err := json.NewDecoder(body).Decode(&fields); err != nil {
		return err
	}
	for k, raw := range fields {
		var s string
		switch {
		case string(raw) == "null":
			continue
		case json.Unmarshal(raw, &s) == nil:
			params[k] = s
		default:
			params[k] = string(raw)
		}
	}
	return nil
}

// apiError is a Bot API failure as Telegram reports it.
type apiError struct {
	status      int
	description string
	retryAfter  int
}

func (e *apiError) Error() string { return e.description }

func badRequest(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, description: "Bad Request: " + msg}
}

func forbidden(msg string) *apiError {
	return &apiError{status: http.StatusForbidden, description: "Forbidden: " + msg}
}

func conflict(msg string) *apiError {
	return &apiError{status: http.StatusConflict, description: "Conflict: " + msg}
}

func tooManyRequests(retryAfter int) *apiError {
	return &apiError{
		status:      http.StatusTooManyRequests,
		description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		retryAfter:  retryAfter,
	}
}

func unauthorized() *apiError {
	return &apiError{status: http.StatusUnauthorized, description: "Unauthorized"}
}

func notFound() *apiError {
	return &apiError{status: http.StatusNotFound, description: "Not Found"}
}

// described is a successful result that also carries Telegram's description,
// as setWebhook's "Webhook was set".
type described struct {
	result      any
	description string
}

// response is what the server answers to one Bot API call.
type response struct {
	status      int
	body        []byte
	contentType string
	retryAfter  int
	drop        bool   // close the connection without an answer
	abandoned   bool   // the client left before the answer (for the record)
	description string // for the record
}

func okResponse(result any) response {
	env := wireResponse{OK: true, Result: result}
	if d, ok := result.(described); ok {
		env.Result, env.Description = d.result, d.description
	}
	body, err := json.Marshal(env)
	if err != nil {
		return errorResponse(&apiError{status: http.StatusInternalServerError, description: "Internal Server Error: " + err.Error()})
	}
	return response{status: http.StatusOK, body: body, contentType: "application/json"}
}

func errorResponse(e *apiError) response {
	env := wireResponse{ErrorCode: e.status, Description: e.description}
	if e.retryAfter > 0 {
		env.Parameters = &wireParameters{RetryAfter: e.retryAfter}
	}
	body, _ := json.Marshal(env) // cannot fail: only strings and numbers
	return response{status: e.status, body: body, contentType: "application/json", retryAfter: e.retryAfter, description: e.description}
}

func (resp response) write(w http.ResponseWriter) {
	if resp.drop {
		dropConnection(w)
		return
	}
	w.Header().Set("Content-Type", resp.contentType)
	if resp.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(resp.retryAfter))
	}
	w.WriteHeader(resp.status)
	w.Write(resp.body)
}

// dropConnection closes the TCP connection without answering, which the client
// sees as a network error (EOF or connection reset).
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
