/**
 * Declarative, versioned policies over model calls: rules matching a call's model family,
 * provider, tenant, agent, user and data classification that allow it, deny it or require its
 * provider or region ({@link dev.cairn.core.gateway.policy.PolicyDocument} states how they
 * combine), read from configuration or the API by {@link dev.cairn.core.gateway.policy.PolicyDocuments}
 * and kept as numbered, hashed versions by {@link dev.cairn.core.gateway.policy.StoredModelPolicy}.
 * The model gateway ({@link dev.cairn.core.gateway.LedgerGateway}) decides every model call by it.
 */
package dev.cairn.core.gateway.policy;
