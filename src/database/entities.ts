import { Invitation } from '../accounts/entities/invitation.entity';
import { LoginFailure } from '../accounts/entities/login-failure.entity';
import { Practice } from '../accounts/entities/practice.entity';
import { Session } from '../accounts/entities/session.entity';
import { StaffUser } from '../accounts/entities/staff-user.entity';
import { OfferingVersion } from '../offerings/entities/offering-version.entity';
import { Offering } from '../offerings/entities/offering.entity';

export const ENTITIES = [Practice, StaffUser, Invitation, Session, LoginFailure, Offering, OfferingVersion];
