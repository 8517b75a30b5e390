/**
 * The model gateway's seam: before each model call the runtime asks a {@link dev.cairn.core.gateway.ModelGateway}
 * to admit it (policy, then budget), and after it reports the result (settling the budget and
 * appending the ledger entry). {@link dev.cairn.core.gateway.ModelGateway#OPEN} admits every call and
 * records nothing.
 */
package dev.cairn.core.gateway;
