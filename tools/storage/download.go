package storage

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/objects"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/localfiles"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// maxInlineText is the most text a download puts in its result.
const maxInlineText = 64 << 10

type downloadObjectArgs struct {
	objectRef
	ToFile    string `json:"to_file,omitempty" jsonschema_description:"write it to this local path, inside the server's --files-root directories"`
	Overwrite bool   `json:"overwrite,omitempty" jsonschema_description:"replace to_file when it exists"`
}

// Downloaded is download_object's result: the object's metadata, and its
// text, or the file it was written to, or a link that expires.
type Downloaded struct {
	Container    string   `json:"container"`
	Name         string   `json:"name"`
	Bytes        int64    `json:"bytes"`
	Etag         string   `json:"etag"`
	ContentType  string   `json:"content_type"`
	LastModified string   `json:"last_modified,omitempty"`
	Text         *string  `json:"text,omitempty" jsonschema_description:"the content, when it is text of at most 64 KiB"`
	File         string   `json:"file,omitempty"`
	Link         *TempURL `json:"link,omitempty" jsonschema_description:"for content not shown: a GET link valid for an hour"`
	Note         string   `json:"note,omitempty"`
}

func downloadObject() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "download_object", Title: "Download an object", Effect: mcptool.Write,
		DestructiveWhen: mcptool.DestructiveIf(func(a downloadObjectArgs) bool { return a.ToFile != "" && a.Overwrite }),
		Description: "Read an object: its text when it is text of at most 64 KiB; otherwise its metadata and a link that expires " +
			"(binary content is never shown); or write it to a local file inside --files-root."},
		func(ctx context.Context, s *client.Services, a downloadObjectArgs) (Downloaded, error) {
			if err := a.check(); err != nil {
				return Downloaded{}, err
			}
			target := ""
			if a.ToFile != "" { // judged before anything is asked of the cloud
				t, err := localfiles.NewFile(ctx, a.ToFile)
				if err != nil {
					return Downloaded{}, err
				}
				if _, err := os.Stat(t); err == nil && !a.Overwrite {
					return Downloaded{}, fault.Errorf(fault.CodeConflict, "%s exists", a.ToFile).WithHint("pass overwrite: true to replace it, or choose another path")
				}
				target = t
			}
			// One GET: its headers say what the object is, its body is
			// read only as far as the answer needs.
			r := objects.Download(ctx, s.ObjectStore, a.Container, a.Name, nil)
			if r.Err != nil {
				return Downloaded{}, a.missing(r.Err)
			}
			defer r.Body.Close()
			h, err := r.Extract()
			if err != nil {
				return Downloaded{}, err
			}
			out := Downloaded{Container: a.Container, Name: a.Name, Bytes: h.ContentLength, Etag: strings.Trim(h.ETag, `"`),
				ContentType: h.ContentType, LastModified: kit.Time(h.LastModified)}
			if target != "" {
				out.File, err = downloadToFile(target, r.Body, h)
				return out, err
			}
			if h.ContentLength <= maxInlineText {
				body, err := io.ReadAll(io.LimitReader(r.Body, maxInlineText+1))
				if err != nil {
					return Downloaded{}, err
				}
				if isText(body) && int64(len(body)) == h.ContentLength {
					t := string(body)
					out.Text = &t
					return out, nil
				}
			}
			// A read sets no key: without one, the note says how to get a link.
			link, ok, err := tempURL(ctx, s, a.Container, a.Name, "GET", time.Hour, false)
			if err != nil {
				return Downloaded{}, err
			}
			if ok {
				out.Link = &link
			} else {
				out.Note = "its content is not shown here; create_temp_url makes a link to it, or download it to a file (to_file)"
			}
			return out, nil
		})
}

// isText: UTF-8 without control characters but line ends and tabs.
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// downloadToFile writes body to a temporary file beside target, checks
// its length and MD5 against the object's headers, and only then renames
// it into place: a failed download leaves no partial file.
func downloadToFile(target string, body io.Reader, h *objects.DownloadHeader) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.part")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing is there
	defer tmp.Close()
	sum := md5.New()
	n, err := io.Copy(io.MultiWriter(tmp, sum), body)
	if err != nil {
		return "", err
	}
	if n != h.ContentLength {
		return "", fault.Errorf(fault.CodeUnavailable, "got %d of the object's %d bytes: nothing was written", n, h.ContentLength).WithHint("try again")
	}
	if !h.StaticLargeObject && !strings.EqualFold(hex.EncodeToString(sum.Sum(nil)), strings.Trim(h.ETag, `"`)) {
		return "", fault.Errorf(fault.CodeUnavailable, "the bytes received do not match the object's MD5 %s: nothing was written", h.ETag).WithHint("try again")
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return "", err
	}
	return target, nil
}
