"""Who may see and handle which initiative: the one place the object-level permissions of initiatives are decided.

- The registry (kirjaamo), HYTE coordinators and administrators see every initiative; a handler sees those of the
  organs they handle and those assigned to them; a body secretary or any other user sees none.
- Handling (the notice, the hearing, the decision, the final notice, re-classification) belongs to those who handle
  the initiative: the registry, administrators, the assigned handler and the handlers of its competent organ.
- The initiator's contact details are theirs too, wherever they are carried: `can_see_contact_details` is the one
  question every carrier asks. HYTE sees every initiative but handles none and never sees contact details (data
  minimisation, GDPR art. 5(1)(c)); it sees that an email was sent or failed, and that there are attachments.
- Publishing is an editorial decision of HYTE, the registry and administrators.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from initiatives.models import Initiative
from osallisuus.models import User
from osallisuus.roles import Role, has_role

AnyUser = User | AnonymousUser


def can_use_workspace(user: AnyUser) -> bool:
    """The initiatives' staff workspace is for the registry, handlers, HYTE and administrators."""
    return has_role(user, Role.REGISTRY, Role.HANDLER, Role.HYTE)


def can_keep_annual_list(user: AnyUser) -> bool:
    """The yearly list to the council is prepared by the registry and the HYTE unit (and administrators)."""
    return has_role(user, Role.REGISTRY, Role.HYTE)


def sees_every_initiative(user: AnyUser) -> bool:
    return has_role(user, Role.REGISTRY, Role.HYTE)


def handles_every_initiative(user: AnyUser) -> bool:
    """The registry and administrators (who hold every role) handle any initiative."""
    return has_role(user, Role.REGISTRY)


def handled_organ_ids(user: AnyUser) -> frozenset[int]:
    """The organs whose initiatives `user` prepares (`Organ.handlers`), read once per user object."""
    if not has_role(user, Role.HANDLER):
        return frozenset()
    cached = getattr(user, "_initiatives_organ_ids", None)
    if cached is None:
        cached = frozenset(user.handled_organs.values_list("pk", flat=True))
        user._initiatives_organ_ids = cached
    return cached


def initiatives_visible_to(user: AnyUser) -> QuerySet[Initiative]:
    """The initiatives `user` may see in the staff workspace (rules in the module docstring)."""
    if sees_every_initiative(user):
        return Initiative.objects.all()
    if has_role(user, Role.HANDLER):
        return Initiative.objects.visible_to_handler(user)
    return Initiative.objects.none()


def can_handle(user: AnyUser, initiative: Initiative) -> bool:
    """May `user` take the handling steps of `initiative` and see its initiator's contact details?"""
    if handles_every_initiative(user):
        return True
    if not has_role(user, Role.HANDLER):
        return False
    return initiative.handler_id == user.pk or initiative.handling_organ_id in handled_organ_ids(user)


def can_see_contact_details(user: AnyUser, initiative: Initiative) -> bool:
    """May `user` see what reaches or locates the initiator of `initiative`? Those who handle it (`can_handle`:
    they must write to the initiator), nobody else.

    Every carrier of the initiator's contact data asks here, and a new one must too:
    - the email, phone and postal address on the staff page;
    - the emails sent about it: their recipient and the mail server's error text (the address of an email that
      failed; the others see that it failed);
    - its attachments: the files and their names (scanned letters show addresses and signatures; a file name can
      carry a name or an address);
    - the notice and final letters (PDF), which print the postal address;
    - what the initiator or the staff wrote about the person: the grounds of membership (the property or the
      service used), the hearing notes and the message sent with a re-classification.
    The outbox page, which lists every initiative's email, asks `can_see_outbox`, the same rule for all of them."""
    return can_handle(user, initiative)


def can_register(user: AnyUser) -> bool:
    """Registering an initiative that came by paper or email is the registry's job."""
    return has_role(user, Role.REGISTRY)


def can_assign(user: AnyUser) -> bool:
    """Naming the competent organ and the handler is the registry's job."""
    return has_role(user, Role.REGISTRY)


def can_publish(user: AnyUser) -> bool:
    return has_role(user, Role.REGISTRY, Role.HYTE)


def can_see_outbox(user: AnyUser) -> bool:
    """The outbox lists the undelivered email of every initiative with address and error, and tracking-link emails
    that belong to an address rather than to one initiative: it is for those who may see the contact details of
    every initiative (`can_see_contact_details` for all of them), the registry and administrators."""
    return handles_every_initiative(user)
