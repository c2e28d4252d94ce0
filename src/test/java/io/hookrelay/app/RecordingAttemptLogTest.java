package io.hookrelay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.AttemptLog;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordingAttemptLogTest {

  @Test
  @DisplayName(
      "The recording wrapper passes every call of the attempt log on: none falls to an interface default")
  void overridesEveryMethod() {
    List<String> notPassedOn =
        Arrays.stream(AttemptLog.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .filter(m -> declaredIn(m).equals(AttemptLog.class))
            .map(Method::getName)
            .toList();
    assertThat(notPassedOn)
        .as(
            "AttemptLog methods RecordingAttemptLog leaves to the interface (PostgreSQL's day"
                + " partitions would never be prepared or dropped through it)")
        .isEmpty();
  }

  private static Class<?> declaredIn(Method m) {
    try {
      return RecordingAttemptLog.class
          .getMethod(m.getName(), m.getParameterTypes())
          .getDeclaringClass();
    } catch (NoSuchMethodException e) {
      throw new AssertionError("RecordingAttemptLog lacks " + m, e);
    }
  }
}
