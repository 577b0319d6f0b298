"""The closed lists a profile chooses from, each code with the words the product uses for it.

A profile names codes from these lists rather than free text wherever the product acts on
the choice: a restriction type has structured parameters, a letter is checked for each
required element, a decision not to notify records which exemption applied.
"""

# What the decision body is: one person, or a meeting that needs a quorum.
DECISION_BODIES = {
    "single": "One decision maker",
    "panel": "A panel that meets, with a quorum",
}

# What may change on a caution after the decision that put it on (`[changes]`): each kind
# of change has its own route.
CHANGE_KINDS = {
    "level": "A change of level",
    "terms": "A change of precautions, key contact or restrictions",
    "extension": "An extension: the expiry moves later",
    "period": "A shorter period: the expiry moves earlier",
    "removal": "Early removal from the register",
}

# The routes a change may take, besides a named post or group (a table with title, role and,
# for a group that meets, quorum).
CHANGE_ROUTES = {
    "decision": "Decided as the first decision was: the same body, quorum and independence",
    "review_only": "Only at a review or an appeal, or where the profile says, a tenancy's end",
    "not_allowed": "Not allowed after the decision",
}

# What happens at a review when nothing new was reported since the last one.
REVIEW_OUTCOMES = {
    "remove": "The entry is removed (002 §4.2)",
    "keep": "The entry stays (003 §10.4)",
    "reviewer_decides": "No default: the reviewer chooses and records why",
}

# What the person may do (DESIGN.md §2 "restriction"); the register gives each its fields.
RESTRICTION_TYPES = {
    "writing_only": "Contact in writing only",
    "named_contact": "Contact only one named officer, e-mail address or telephone number",
    "set_times": "Telephone or visits only on set days and times",
    "appointment_only": "Office visits by appointment only",
    "office_ban": "Banned from council offices and service points",
    "third_party_only": "Contact only through a third party acting for them",
    "witness_present": "Personal contact only with a witness present",
    "social_media_block": "Blocked from tagging or commenting on council social media",
    "behaviour_agreement": "An agreement about behaviour on council premises",
    "topics_limited": "Correspondence only on named issues",
    "no_reply_on_answered_issues": "Letters on issues already answered are filed without reply",
    "return_documents": "Documents sent in are returned by signed-for post",
    "block_excessive_contact": "E-mail addresses or numbers blocked when contact is excessive",
    "no_contact": "No further contact considered, in exceptional circumstances",
    "other": "Another proportionate restriction, described in the decision",
}

# Why a person need not be told (each decision not to notify is justified and recorded).
NOTIFICATION_EXEMPTIONS = {
    "violent_reaction": "Telling them would create a substantial risk of a violent reaction",
    "address_unknown": "Their address is unknown",
    "agency_request": "The police, Probation Service or a court order asks us not to tell them",
}

# Later events the person is also told about, beyond the first decision.
NOTIFIED_EVENTS = {
    "extension": "The entry is extended",
    "removal": "The entry is removed",
    "review_outcome": "The outcome of each review",
}

# What about a submitted report tells the senior posts a profile names (`[[notices]]`),
# whatever their notification choices.
NOTICE_TRIGGERS = {
    "police": "The police were involved (000 §7)",
    "injury": "Someone was injured (000 §5)",
    "riddor": "It is RIDDOR-reportable (000 §2.2)",
    "serious": "Its category is one the profile marks serious (000 §2.3, 001 §13.4)",
    "low_level": "It was logged on the low-level form (001 §6.1, §13.1; 003 §5.1-5.3)",
    "incident_form": "It was reported on the incident form, in full or as persistent contact "
    "(000 §2.4, §8.2; 001 §6.1, §13.1)",
}

# Who a notice goes to, besides the holders of a role: the reporter's own line manager.
LINE_MANAGER = "line_manager"

# How the letter reaches the person.
# How a person may make an appeal (register.models.Appeal.Channel); a profile's [appeal]
# channels lists those it accepts (004 §6 "in writing"), all of them where it says nothing.
APPEAL_CHANNELS = {
    "letter": "Letter",
    "email": "E-mail",
    "phone": "Phone",
    "complaint_form": "Complaint form",
}

DELIVERY_METHODS = {
    "writing": "In writing, by post or e-mail",
    "hand": "Hand delivered to the property",
}

# What the letter must say; the letters app refuses to issue one missing an element.
LETTER_ELEMENTS = {
    "incident": "The incident or incidents that led to the decision",
    "behaviour_unacceptable": "Why the council considers the behaviour unacceptable",
    "action": "The action taken: the entry and any restrictions in place",
    "reasons": "The reasons for the decision",
    "future_contact": "What it means for their future contact with the council",
    "how_to_contact": "How to contact the council about new issues; old ones are not reopened",
    "breach_consequences": "What the council will do if the restrictions are not kept",
    "restriction_duration": "How long the restrictions last, or that they have no time limit",
    "register_duration": "How long they stay on the register",
    "review_date": "When the decision will be reviewed",
    "sharing": "Who the information is shared with",
    "appeal": "The right of appeal and how to appeal",
    "appeal_deadline": "The date by which an appeal must be made",
    "policy_enclosed": "A copy of the policy, enclosed",
}
