package tools

import "github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/rating"

// UsePrices reads the price table (--prices FILE) the creates' cost
// estimates fall back to when the cloud's rating gives no price.
func UsePrices(path string) error { return rating.UsePrices(path) }
