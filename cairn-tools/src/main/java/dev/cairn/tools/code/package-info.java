/**
 * The built-in {@code code_run} tool: short Python, Node.js or Bash programs run in the session's
 * workspace folder inside a bubblewrap sandbox (no network, read-only system, nothing of the host
 * but the workspace writable), bounded by resource limits and a wall-clock deadline.
 */
package dev.cairn.tools.code;
