package dev.cqrskit.sample.auth.domain;

import dev.cqrskit.core.domain.Repository;
import dev.cqrskit.sample.common.domain.UserId;

/** The verification codes, one per user. */
public interface VerificationCodes extends Repository<VerificationCode, UserId> {
}
