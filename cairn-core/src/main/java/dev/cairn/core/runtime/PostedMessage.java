package dev.cairn.core.runtime;

import dev.cairn.core.event.Event;
import dev.cairn.core.run.RunView;

/**
 * A message accepted into a session's log (on disk) and the run queued to answer it.
 *
 * @param message the stored {@code message.user} event
 * @param run     the run as queued
 */
public record PostedMessage(Event message, RunView run) {
}
