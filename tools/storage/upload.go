package storage

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"os"
	"path"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/containers"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/objects"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/localfiles"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// maxInlineBytes is the most content one call carries in its arguments:
// more is a file's job (--files-root), not the agent's context's.
const maxInlineBytes = 8 << 20

// A file larger than largeObjectAbove goes up as a static large object:
// segments of segmentBytes (Swift refuses one object over 5 GiB). Variables
// so that the tests can make them small.
var (
	largeObjectAbove int64 = 5 << 30
	segmentBytes     int64 = 1 << 30
)

type uploadObjectArgs struct {
	objectRef
	Content       string `json:"content,omitempty" jsonschema_description:"the object's text (UTF-8), at most 8 MiB"`
	ContentBase64 string `json:"content_base64,omitempty" jsonschema_description:"the object's bytes in base64, at most 8 MiB once decoded"`
	File          string `json:"file,omitempty" jsonschema_description:"a local file's path, inside the server's --files-root directories; any size"`
	ContentType   string `json:"content_type,omitempty" jsonschema_description:"default: from the name's extension"`
}

// Uploaded is upload_object's result.
type Uploaded struct {
	Container   string `json:"container"`
	Name        string `json:"name"`
	Bytes       int64  `json:"bytes"`
	Etag        string `json:"etag" jsonschema_description:"the MD5 Swift checked the bytes against (of the segments' MD5s for a large object)"`
	ContentType string `json:"content_type"`
	Segments    int    `json:"segments,omitempty" jsonschema_description:"a large object's segments, in container <container>_segments"`
}

// source is what an upload sends: inline bytes, or a file's real path.
type source struct {
	data []byte
	file string
	size int64
}

// uploadSource checks the arguments and reads the inline content, or
// resolves the file, before anything is written.
func uploadSource(ctx context.Context, a uploadObjectArgs) (source, error) {
	given := 0
	for _, v := range []string{a.Content, a.ContentBase64, a.File} {
		if v != "" {
			given++
		}
	}
	if given != 1 {
		return source{}, fault.Errorf(fault.CodeInvalidArgument, "give exactly one of content, content_base64 and file (%d given)", given).
			WithHint("content for text, content_base64 for bytes, file for a local file")
	}
	tooBig := func(n int) error {
		return fault.Errorf(fault.CodeInvalidArgument, "the content is %s; one call carries at most %s", size(int64(n)), size(maxInlineBytes)).
			WithHint("upload a local file instead (file, inside a --files-root directory), or split the content")
	}
	switch {
	case a.Content != "":
		if len(a.Content) > maxInlineBytes {
			return source{}, tooBig(len(a.Content))
		}
		return source{data: []byte(a.Content), size: int64(len(a.Content))}, nil
	case a.ContentBase64 != "":
		if base64.StdEncoding.DecodedLen(len(a.ContentBase64)) > maxInlineBytes+2 {
			return source{}, tooBig(base64.StdEncoding.DecodedLen(len(a.ContentBase64)))
		}
		b, err := base64.StdEncoding.DecodeString(a.ContentBase64)
		if err != nil {
			return source{}, fault.Errorf(fault.CodeInvalidArgument, "content_base64 is not base64: %v", err).
				WithHint("encode the bytes in standard base64 (with + and /, padded with =)")
		}
		if len(b) > maxInlineBytes {
			return source{}, tooBig(len(b))
		}
		return source{data: b, size: int64(len(b))}, nil
	}
	real, err := localfiles.Existing(ctx, a.File)
	if err != nil {
		return source{}, err
	}
	fi, err := os.Stat(real)
	if err != nil {
		return source{}, err
	}
	return source{file: real, size: fi.Size()}, nil
}

// contentType is the type given, else the name's extension's, else text
// for text and bytes for the rest.
func contentType(a uploadObjectArgs) string {
	if a.ContentType != "" {
		return a.ContentType
	}
	if t := mime.TypeByExtension(path.Ext(a.Name)); t != "" {
		return t
	}
	if a.Content != "" {
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

func uploadObject() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "upload_object", Title: "Upload an object", Effect: mcptool.Write, Idempotent: true,
		Description: "Store an object: text or base64 content (at most 8 MiB), or a local file inside --files-root (any size). " +
			"Swift checks its MD5; a failed upload stores nothing. Returns {container, name, bytes, etag, content_type}."},
		func(ctx context.Context, s *client.Services, a uploadObjectArgs) (Uploaded, error) {
			if err := a.check(); err != nil {
				return Uploaded{}, err
			}
			src, err := uploadSource(ctx, a)
			if err != nil {
				return Uploaded{}, err
			}
			if _, err := containers.Get(ctx, s.ObjectStore, a.Container, nil).Extract(); err != nil {
				return Uploaded{}, notFound(err, "container "+a.Container, "create it first (create_container), or see list_containers")
			}
			out := Uploaded{Container: a.Container, Name: a.Name, Bytes: src.size, ContentType: contentType(a)}
			if src.file == "" {
				out.Etag, err = putObject(ctx, s, a.Container, a.Name, bytes.NewReader(src.data), out.ContentType)
				return out, err
			}
			f, err := os.Open(src.file)
			if err != nil {
				return Uploaded{}, err
			}
			defer f.Close()
			if src.size > largeObjectAbove {
				out.Etag, out.Segments, err = putLargeObject(ctx, s, a, f, src.size, out.ContentType)
				return out, err
			}
			out.Etag, err = putObject(ctx, s, a.Container, a.Name, io.NewSectionReader(f, 0, src.size), out.ContentType)
			return out, err
		})
}

// putObject stores body whole, with its MD5 as the ETag Swift must find:
// a mismatch (a file changed while read) is refused and nothing stored.
func putObject(ctx context.Context, s *client.Services, container, name string, body io.ReadSeeker, ctype string) (string, error) {
	h := md5.New()
	if _, err := io.Copy(h, body); err != nil {
		return "", err
	}
	if _, err := body.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	etag := hex.EncodeToString(h.Sum(nil))
	res := objects.Create(ctx, s.ObjectStore, container, name, objects.CreateOpts{Content: body, ContentType: ctype, ETag: etag})
	if res.Err != nil {
		if isStatus(res.Err, 422) {
			return "", fault.Errorf(fault.CodeConflict, "the bytes Swift received do not match their MD5 %s: nothing was stored", etag).
				WithHint("the file may have changed while it was read; upload it again")
		}
		return "", res.Err
	}
	return etag, nil
}

// putLargeObject stores f as a static large object: its segments under
// <container>_segments, then the manifest, which alone makes the object
// appear. When a segment fails, those already stored are deleted.
func putLargeObject(ctx context.Context, s *client.Services, a uploadObjectArgs, f *os.File, n int64, ctype string) (string, int, error) {
	segContainer := a.Container + "_segments"
	if len(segContainer) > maxContainerName {
		segContainer = a.Container[:maxContainerName-len("_segments")] + "_segments"
	}
	if err := containers.Create(ctx, s.ObjectStore, segContainer, nil).Err; err != nil {
		return "", 0, err
	}
	segSize := max(segmentBytes, (n+999)/1000) // Swift takes at most 1,000 segments
	prefix := fmt.Sprintf("%s/slo/%d/%d/%d/", a.Name, time.Now().Unix(), n, segSize)
	type segment struct {
		Path string `json:"path"`
		Etag string `json:"etag"`
		Size int64  `json:"size_bytes"`
	}
	var segs []segment
	cleanup := func() {
		undo, cancel := kit.Undo(ctx)
		defer cancel()
		for _, sg := range segs {
			_ = objects.Delete(undo, s.ObjectStore, segContainer, strings.TrimPrefix(sg.Path, segContainer+"/"), nil).Err
		}
	}
	for off, i := int64(0), 0; off < n; off, i = off+segSize, i+1 {
		l := min(segSize, n-off)
		name := fmt.Sprintf("%s%08d", prefix, i)
		etag, err := putObject(ctx, s, segContainer, name, io.NewSectionReader(f, off, l), "application/octet-stream")
		if err != nil {
			cleanup()
			return "", 0, err
		}
		segs = append(segs, segment{Path: segContainer + "/" + name, Etag: etag, Size: l})
	}
	manifest, _ := json.Marshal(segs)
	res := objects.Create(ctx, s.ObjectStore, a.Container, a.Name, objects.CreateOpts{Content: bytes.NewReader(manifest),
		ContentType: ctype, MultipartManifest: "put", NoETag: true})
	if res.Err != nil {
		cleanup()
		return "", 0, res.Err
	}
	return strings.Trim(res.Header.Get("Etag"), `"`), len(segs), nil
}
