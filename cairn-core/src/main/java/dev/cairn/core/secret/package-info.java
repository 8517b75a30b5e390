/**
 * Named secrets per tenant: sealed with AES-256-GCM before they are stored, listed by name, and
 * opened only where a tool call leaves the process.
 */
package dev.cairn.core.secret;
