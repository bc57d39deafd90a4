package client

import "github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"

// The error vocabulary's old names, for tools/ until its scripted rewrite
// to internal/fault (the next commit removes this file).

type Error = fault.Error

const (
	CodeNotFound        = fault.CodeNotFound
	CodeAmbiguous       = fault.CodeAmbiguous
	CodeInvalidArgument = fault.CodeInvalidArgument
	CodeConflict        = fault.CodeConflict
	CodeQuotaExceeded   = fault.CodeQuotaExceeded
	CodeForbidden       = fault.CodeForbidden
	CodeUnauthenticated = fault.CodeUnauthenticated
	CodeUnavailable     = fault.CodeUnavailable
	CodeTimeout         = fault.CodeTimeout
	CodeCancelled       = fault.CodeCancelled
	CodeInternal        = fault.CodeInternal
)

var (
	Errorf   = fault.Errorf
	Classify = fault.Classify
	Suggest  = fault.Suggest
)
