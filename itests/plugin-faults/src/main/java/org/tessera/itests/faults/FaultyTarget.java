package org.tessera.itests.faults;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryKind;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;

/** The {@code .qmail} line {@code +faulty:FAULT}: misbehaves as asked, else (and after a stop) says it delivered. */
@Component(service = DeliveryTarget.class)
@DeliveryKind("faulty")
public final class FaultyTarget implements DeliveryTarget {

    private final Misbehaviour misbehaviour = new Misbehaviour("FaultyTarget");

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        String fault = delivery.arguments().get(0);
        if (fault.equals("null")) {
            return null;
        }
        misbehaviour.act(fault);
        return new DeliveryResult(DeliveryResult.Outcome.SUCCESS, "faulty target did " + fault);
    }

    @Deactivate
    void deactivate() {
        misbehaviour.deactivated();
    }
}
