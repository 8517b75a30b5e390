package dev.cairn.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressAllowlistTest {

    private final EgressAllowlist allowlist = EgressAllowlist.of(
            List.of("api.example.com", "*.stripe.com", "127.0.0.1", "[::1]", "Billing.Internal."),
            Map.of("acme", List.of("acme.example.org")));

    private String judged(String tenant, String url) {
        return allowlist.refusal(tenant, URI.create(url)).orElse("allowed");
    }

    @Test
    void listedHostsAreAllowedOnAnyPortAndWhateverTheirCase() {
        assertThat(judged("t", "https://api.example.com/v1/x")).isEqualTo("allowed");
        assertThat(judged("t", "https://API.Example.COM:8443/v1/x")).isEqualTo("allowed");
        assertThat(judged("t", "https://api.example.com./v1/x")).isEqualTo("allowed");
        assertThat(judged("t", "http://billing.internal/refund")).isEqualTo("allowed");
        assertThat(judged("t", "http://127.0.0.1:9999/x")).isEqualTo("allowed");
        assertThat(judged("t", "http://[::1]:9999/x")).isEqualTo("allowed");
        assertThat(judged("t", "http://[0:0:0:0:0:0:0:1]:9999/x")).isEqualTo("allowed");
    }

    @Test
    void otherHostsAreRefusedNamingTheHost() {
        assertThat(judged("t", "https://evil.example.net/x"))
                .isEqualTo("refused: host 'evil.example.net' is not on the egress allowlist of this tenant; no request was sent");
        assertThat(judged("t", "https://example.com/x")).startsWith("refused: host 'example.com'");
        assertThat(judged("t", "https://api.example.com.evil.net/x")).startsWith("refused: host 'api.example.com.evil.net'");
        assertThat(judged("t", "https://xapi.example.com/x")).startsWith("refused");
    }

    @Test
    void aWildcardMatchesSubdomainsOnlyAndNeverAnAddress() {
        assertThat(judged("t", "https://api.stripe.com/v1")).isEqualTo("allowed");
        assertThat(judged("t", "https://a.b.stripe.com/v1")).isEqualTo("allowed");
        assertThat(judged("t", "https://stripe.com/v1")).startsWith("refused");
        assertThat(judged("t", "https://evilstripe.com/v1")).startsWith("refused");
        assertThat(EgressAllowlist.problem("*.0.1")).contains("'*.0.1' is not a host name: its last label is a number");
    }

    @Test
    void addressesMatchOnlyTheSameAddressWrittenCanonically() {
        assertThat(judged("t", "http://127.0.0.2/x")).startsWith("refused: host '127.0.0.2'");
        assertThat(judged("t", "http://2130706433/x")).contains("'2130706433' is not a canonical IP address");
        assertThat(judged("t", "http://127.1/x")).startsWith("refused");
        assertThat(judged("t", "http://0x7f.0.0.1/x")).startsWith("refused");
        assertThat(judged("t", "http://0177.0.0.1/x")).startsWith("refused");
        assertThat(judged("t", "http://[::2]/x")).startsWith("refused: host '0:0:0:0:0:0:0:2'");
        assertThat(judged("t", "http://localhost/x")).startsWith("refused: host 'localhost'");
    }

    @Test
    void userInformationAndHostsHiddenInTheAuthorityAreRefused() {
        assertThat(judged("t", "http://api.example.com@evil.net/x"))
                .isEqualTo("refused: the URL carries user information before its host (user@host)");
        assertThat(judged("t", "http://user:pw@api.example.com/x")).contains("user information");
        assertThat(judged("t", "http://api.example.com%40evil.net/x"))
                .isEqualTo("refused: the URL has no valid host after filling in the arguments");
        assertThat(judged("t", "file:///etc/passwd")).isEqualTo("refused: only http and https URLs may be called");
        assertThat(judged("t", "ftp://api.example.com/x")).isEqualTo("refused: only http and https URLs may be called");
    }

    @Test
    void aTenantWithItsOwnListUsesOnlyThatList() {
        assertThat(judged("acme", "https://acme.example.org/x")).isEqualTo("allowed");
        assertThat(judged("acme", "https://api.example.com/x")).startsWith("refused");
        assertThat(judged("other", "https://acme.example.org/x")).startsWith("refused");
    }

    @Test
    void withNoListEveryHostIsRefused() {
        assertThat(EgressAllowlist.DENY_ALL.refusal("t", URI.create("http://127.0.0.1/x")))
                .contains("refused: host '127.0.0.1' is not on the egress allowlist of this tenant (which allows no host);"
                        + " no request was sent");
    }

    @Test
    void badEntriesAreNamed() {
        assertThat(EgressAllowlist.problem("https://api.example.com")).isPresent();
        assertThat(EgressAllowlist.problem("api.example.com/path")).isPresent();
        assertThat(EgressAllowlist.problem("*")).isPresent();
        assertThat(EgressAllowlist.problem("10.1")).contains("host '10.1' is not a canonical IP address (write IPv4 as"
                + " four decimal numbers, like 127.0.0.1)");
        assertThat(EgressAllowlist.problem("api.example.com:443")).hasValueSatisfying(
                problem -> assertThat(problem).contains("without a scheme, user, port or path"));
        assertThat(EgressAllowlist.problem("*.example.com")).isEmpty();
        assertThat(EgressAllowlist.problem("::1")).isEmpty();
        assertThatThrownBy(() -> EgressAllowlist.of(List.of("ok.com", "bad host"), Map.of("t", List.of("a..b"))))
                .hasMessageContaining("egress.default: 'bad host' is not a host name")
                .hasMessageContaining("egress.tenants.t: 'a..b' is not a host name");
    }
}
