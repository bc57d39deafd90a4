package mcpgofix

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// VetLines is what mcp-go's stdio server reads: in, line by line, without
// the lines it must not see. A line longer than maxLine is discarded as it
// arrives (mcp-go's reader would hold all of it: a 100 MB line costs 950 MB;
// TestStdioLineIsBounded) and answered with an error, as is a line
// VetMessage refuses; the answers go to out. It ends when in does, once the requests read have their answers
// (due), or after patience.
func VetLines(in io.Reader, out io.Writer, maxLine int, due *DueAnswers, patience time.Duration) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		r := bufio.NewReaderSize(in, 64<<10)
		for {
			line, err := readLine(r, maxLine)
			switch {
			case errors.Is(err, errLineTooLong):
				msg := fmt.Sprintf("the message is over %d bytes (--max-body-bytes)", maxLine)
				_, _ = out.Write(append(InvalidRequest(nil, msg), '\n'))
				continue
			case len(line) > 0:
				if answer, id := vetRequest(line); answer != nil {
					_, _ = out.Write(append(answer, '\n'))
				} else {
					due.asked(id)
					if _, werr := pw.Write(line); werr != nil {
						return
					}
					if cancelled := cancelledID(line); cancelled != "" {
						go due.redeliver(pw, line, cancelled) // io.Pipe keeps the writes whole
					}
				}
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					due.wait(patience)
				}
				pw.CloseWithError(err)
				return
			}
		}
	}()
	return pr
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line with its newline, up to max bytes; past max it
// reads the rest of the line away and returns errLineTooLong.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > max {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			return nil, errLineTooLong
		}
		line = append(line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			if len(bytes.TrimSpace(line)) == 0 && err == nil {
				line = line[:0]
				continue
			}
			return line, err
		}
	}
}
