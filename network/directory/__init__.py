"""The directory: the organizations the network's members belong to, and the local
projects members take on (a tenant union, a workplace committee, a riders' union).

An organization is one row, whether members only typed its name on their profiles or
editors have listed it in the directory: :class:`~network.directory.models.Organization`
is the tag a profile's organizations always were, with the directory's fields beside
its name and a ``status`` saying whether it is listed. So a member's free text stays
free (typing a new name makes an unlisted row, as before), and a member's organization
is linked to its directory entry by being the same row: typed as the directory spells
it, it links; each member then chooses, per organization, whether its page names them
(``ProfileOrganization.shown_on_page``). Editors see in the admin the names members
typed, and list one by filling in its entry; a member's proposal is such a row held as
pending until an editor decides.
"""
