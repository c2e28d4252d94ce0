package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.delivery.HostLanes.Admission;
import io.hookrelay.store.DeliveryJob;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-host scheduling of claimed deliveries, without a server. */
class HostLanesTest {

  private static int next;

  private static DeliveryJob to(String url) {
    return new DeliveryJob(
        "dlv" + next++, "ten", "evt", "whk", "e", 1, 3, url, null, true, new byte[0]);
  }

  @Test
  @DisplayName(
      "Up to maxActive requests run per host; more wait and start, in order, as others end")
  void waitBehindRunning() {
    HostLanes lanes = new HostLanes(2, 10);
    DeliveryJob a = to("http://a.test/1");
    DeliveryJob b = to("http://a.test/2");
    DeliveryJob c = to("http://a.test/3");
    DeliveryJob d = to("http://a.test/4");

    assertThat(lanes.admit(a)).isEqualTo(Admission.START);
    assertThat(lanes.admit(b)).isEqualTo(Admission.START);
    assertThat(lanes.admit(c)).isEqualTo(Admission.QUEUED);
    assertThat(lanes.admit(d)).isEqualTo(Admission.QUEUED);

    assertThat(lanes.finished(a).next()).isSameAs(c);
    assertThat(lanes.finished(b).next()).isSameAs(d);
    assertThat(lanes.finished(c).next()).isNull();
    assertThat(lanes.finished(d).next()).isNull();
    assertThat(lanes.admit(to("http://a.test/5"))).isEqualTo(Admission.START);
  }

  @Test
  @DisplayName("Hosts are scheme, host and port: another host or port has its own lane")
  void lanesPerHost() {
    HostLanes lanes = new HostLanes(1, 10);

    assertThat(lanes.admit(to("http://a.test/x"))).isEqualTo(Admission.START);
    assertThat(lanes.admit(to("http://a.test/y?z=1"))).isEqualTo(Admission.QUEUED);
    assertThat(lanes.admit(to("http://b.test/x"))).isEqualTo(Admission.START);
    assertThat(lanes.admit(to("http://a.test:8080/x"))).isEqualTo(Admission.START);
    assertThat(lanes.admit(to("https://a.test/x"))).isEqualTo(Admission.START);
    assertThat(HostLanes.hostKey("https://a.test:8443/p/q?r")).isEqualTo("https://a.test:8443");
    assertThat(HostLanes.hostKey("http://a.test")).isEqualTo("http://a.test");
  }

  @Test
  @DisplayName(
      "A host holding its share defers further claims and stays saturated until down to half")
  void shareAndSaturation() {
    HostLanes lanes = new HostLanes(1, 4);
    DeliveryJob[] held = new DeliveryJob[4];
    for (int i = 0; i < held.length; i++) {
      held[i] = to("http://slow.test/" + i);
      assertThat(lanes.admit(held[i])).isNotEqualTo(Admission.DEFER);
    }
    assertThat(lanes.anySaturated()).isTrue();
    assertThat(lanes.admit(to("http://slow.test/more"))).isEqualTo(Admission.DEFER);
    assertThat(lanes.admit(to("http://fast.test/x"))).isEqualTo(Admission.START);

    HostLanes.Finished first = lanes.finished(held[0]); // 3 held: more than half of 4
    assertThat(first.wasSaturated()).isTrue();
    assertThat(lanes.anySaturated()).isTrue();
    HostLanes.Finished second = lanes.finished(held[1]); // 2 held: half
    assertThat(second.wasSaturated()).isTrue();
    assertThat(lanes.anySaturated()).isFalse();
    assertThat(lanes.finished(held[2]).wasSaturated()).isFalse();
  }

  @Test
  @DisplayName("At stop, the waiting claims are taken out; running ones stay to finish")
  void drainWaiting() {
    HostLanes lanes = new HostLanes(1, 10);
    DeliveryJob running = to("http://a.test/1");
    DeliveryJob waiting1 = to("http://a.test/2");
    DeliveryJob waiting2 = to("http://b.test/1");
    lanes.admit(running);
    lanes.admit(waiting1);
    lanes.admit(to("http://b.test/0"));
    lanes.admit(waiting2);

    assertThat(lanes.drainWaiting()).containsExactlyInAnyOrder(waiting1, waiting2);
    assertThat(lanes.finished(running).next()).isNull();
    assertThat(lanes.drainWaiting()).isEmpty();
  }
}
