package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The rules of a test send")
class WebhookTestValidatorTest {

  @Test
  @DisplayName("A well-formed request passes and hands back its URL for the address check")
  void passes() {
    WebhookTestValidator.Result r =
        WebhookTestValidator.validate(
            Map.of("url", "https://example.com/hook", "secret", "s3cret", "sslVerification", true));
    assertThat(r.errors()).isEmpty();
    assertThat(r.url()).isEqualTo("https://example.com/hook");
  }

  @Test
  @DisplayName("A URL of the wrong form is an error and is not handed on for the address check")
  void badUrl() {
    WebhookTestValidator.Result r = WebhookTestValidator.validate(Map.of("url", "ftp://x/"));
    assertThat(r.errors()).extracting(FieldError::field).containsExactly("url");
    assertThat(r.url()).isNull();
    String tooLong = "https://example.com/" + "a".repeat(WebhookValidator.MAX_URL);
    assertThat(WebhookTestValidator.validate(Map.of("url", tooLong)).url()).isNull();
  }

  @Test
  @DisplayName("A missing URL, an empty secret and a string sslVerification are each reported")
  void fieldErrors() {
    assertThat(
            WebhookTestValidator.validate(Map.of("secret", "", "sslVerification", "no")).errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("url", "secret", "sslVerification");
  }
}
