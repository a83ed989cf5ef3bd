"""Small embedded word lists for the rule baseline: gender, number and entity type.

Why embedded lists and not a model or a download: the baseline must run
anywhere with the standard library only, and its behaviour must be easy to
audit. The lists are generic English resources (common first names, titles,
kinship and occupation nouns, organisation designators), written once and not
fitted to any evaluation corpus. Everything here is lowercase; callers
lowercase before looking up.
"""

from __future__ import annotations

from typing import Literal

# The titles, gendered nouns and number lists are the lexicon's (importable from here as
# before, for the baseline's mention finder).
from corefine.lexicon.gender import FEMALE_NOUNS as FEMALE_NOUNS
from corefine.lexicon.gender import MALE_NOUNS as MALE_NOUNS
from corefine.lexicon.number import IRREGULAR_PLURALS as IRREGULAR_PLURALS
from corefine.lexicon.number import SINGULAR_S as SINGULAR_S
from corefine.lexicon.titles import FEMALE_TITLES as FEMALE_TITLES
from corefine.lexicon.titles import MALE_TITLES as MALE_TITLES
from corefine.lexicon.titles import NAME_SUFFIXES as NAME_SUFFIXES
from corefine.lexicon.titles import NEUTRAL_TITLES as NEUTRAL_TITLES
from corefine.lexicon.titles import OF_TITLES as OF_TITLES
from corefine.lexicon.titles import RULE_TITLES
from corefine.lexicon.titles import WEAK_TITLES as WEAK_TITLES
from corefine.lexicon.words import word_set

Gender = Literal["m", "f"]

TITLES = RULE_TITLES


# -- first names ----------------------------------------------------------------------------------
# Common English given names whose gender is clear; ambiguous ones (Jordan,
# Taylor, Alex, Sam, Chris, Pat, Jean, Kelly...) are left out on purpose, since a
# wrong gender blocks a correct pronoun link.

MALE_FIRST_NAMES = word_set(
    """
    aaron abraham adam adrian ahmed alan albert alexander alfred ali allen alvin andrew angelo
    anthony antonio archibald arnold arthur augustus austin barack barry ben benjamin bernard
    bernie bert bill billy bob bobby boris brad bradley brandon brett brian bruce bryan byron calvin
    carl carlos cecil charles charlie chester christopher chuck clarence claude clifford clint
    clyde colin conrad craig curtis dale dan daniel danny darren dave david dean dennis derek
    dick don donald doug douglas duncan dwight earl ed eddie edgar edmund edward edwin elijah elmer
    emmanuel eric ernest eugene evan felix fernando francis francisco frank franklin fred
    frederick gary gavin geoffrey george gerald gilbert glen glenn gordon graham greg gregory
    harold harry harvey hank henry herbert herman horace howard hugh hugo ian isaac ivan jack
    jacob jake james jared jason jasper jeff jeffrey jeremy jerome jerry jesse jim jimmy joe joel
    john johnny jon jonathan jose joseph josh joshua juan julian julius justin karl keith ken
    kenneth kevin kurt lance larry lawrence leo leon leonard leroy lewis lincoln lloyd louis luke
    luis malcolm manuel marcus mario mark martin marvin matthew maurice max melvin michael mick
    miguel mike mitch mitchell mohammed muhammad nathan nathaniel neil nelson nicholas nick noah
    norman oliver omar oscar otto owen patrick paul pedro percy perry peter phil philip phillip
    ralph randy ray raymond reginald richard rick ricky rob robert roberto rodney roger roland
    ron ronald roy rudolph rupert russell ryan sam samuel scott sean sebastian sergei seth
    sidney simon stanley stefan stephen steve steven stuart ted terry theodore thomas tim timothy
    toby todd tom tommy tony travis trevor troy tyler victor vincent vladimir walter warren wayne
    wesley wilbur will william willie wilson xavier zachary
    """
)

FEMALE_FIRST_NAMES = word_set(
    """
    abigail ada adele agnes alice alicia alison amanda amber amelia amy ana andrea angela
    angelina anita ann anna anne annie antoinette april audrey barbara beatrice becky belinda
    bernadette beth betsy betty beverly bonnie brenda bridget brittany camilla candace carla
    carmen carol caroline carolyn carrie catherine cathy cecilia charlotte chelsea cheryl
    christina christine cindy claire clara claudia colleen connie constance cynthia daisy
    dana danielle debbie deborah debra denise diana diane dolores donna dora doris dorothy edith
    edna eileen elaine eleanor elena elizabeth ella ellen eloise elsie emily emma erica erin
    esther ethel eva eve evelyn fanny fiona florence frances gabrielle gail georgia geraldine
    gertrude gillian gina gladys gloria grace gwen hannah harriet hazel heather helen helena
    henrietta hillary hilary holly ida ingrid irene iris isabel isabella isabelle jacqueline jane
    janet janice jennifer jenny jessica jill joan joanna joanne josephine joy joyce judith judy
    julia julie juliet june karen kate katherine kathleen kathryn kathy katie kay kristen laura
    lauren leah lena lillian lily linda lisa lois lorraine louisa louise lucy lydia mabel madeline
    madison maggie mandy margaret margot maria marian marie marilyn marion marjorie martha mary
    maud maureen megan melania melanie melinda melissa meredith michelle mildred miriam molly
    monica nancy naomi natalie natasha nellie nicole nina nora norma olga olive olivia pamela
    patricia paula pauline pearl peggy penelope penny phoebe phyllis polly priscilla rachel
    rebecca regina rita roberta rosa rosalind rose rosemary ruth sally samantha sandra sara sarah
    sharon sheila shirley sofia sophia sophie stella stephanie susan susanna suzanne sylvia
    tamara teresa theresa tina tracy ursula valerie vanessa vera veronica victoria violet
    virginia vivian wendy wilhelmina winifred yvonne zoe
    """
)

# -- organisations and places ---------------------------------------------------------------------
# A name ending in (or containing) one of these is an organisation, facility
# or place: "it"/"its" (and, for organisations, "they") may refer to it; "he"/"she" may not.

ORG_WORDS = word_set(
    """
    inc inc. corp corp. co co. ltd ltd. llc plc company companies corporation group bank
    university college school academy institute association committee council party department
    ministry agency administration commission foundation society club union church court
    congress senate parliament assembly government times post journal news network airlines
    airways motors industries holdings partners fund board authority service services office
    bureau army navy force forces police team fc museum hospital center centre organization
    organisation federation league federal national international trust institution
    laboratory laboratories lab labs systems technologies media press records studios
    """
)

PLACE_WORDS = word_set(
    """
    street st. avenue ave ave. road rd rd. boulevard river mountain mountains lake island islands
    city county state province park bay valley kingdom republic ocean sea coast beach harbor
    harbour square bridge station airport hall palace castle cathedral temple tower
    """
)

# A generic gazetteer of countries, continents and US states, so that "China
# said it ..." can resolve. Single-token entries are matched on the name's
# last token, multi-token ones on the whole lowercased name.
PLACES = word_set(
    """
    africa america asia australia europe antarctica afghanistan albania algeria argentina
    armenia austria bangladesh belgium bolivia brazil bulgaria cambodia cameroon canada chile
    china colombia croatia cuba cyprus denmark ecuador egypt england estonia ethiopia finland
    france georgia germany ghana greece guatemala haiti honduras hungary iceland india indonesia
    iran iraq ireland israel italy jamaica japan jordan kenya korea kosovo kuwait laos latvia
    lebanon libya lithuania luxembourg malaysia mali mexico moldova mongolia morocco myanmar
    nepal netherlands nicaragua niger nigeria norway pakistan panama paraguay peru philippines
    poland portugal qatar romania russia rwanda scotland senegal serbia singapore slovakia
    slovenia somalia spain sudan sweden switzerland syria taiwan tanzania thailand tunisia turkey
    uganda ukraine uruguay venezuela vietnam wales yemen zambia zimbabwe britain
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
    tennessee texas utah vermont washington wisconsin wyoming
    london paris berlin rome madrid moscow beijing tokyo athens cairo chicago boston
    """
)

# Tokens that are capitalised but are not names of entities a pronoun can pick up.
CALENDAR_WORDS = word_set(
    """
    january february march april may june july august september october november december
    jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct.
    nov nov. dec dec. monday tuesday wednesday thursday friday saturday sunday mon tue tues wed
    thu thurs fri sat sun christmas easter
    """
)

# -- common nouns ---------------------------------------------------------------------------------

PERSON_NOUNS = word_set(
    """
    person individual president leader doctor author writer poet candidate official officer
    student teacher professor child kid baby friend member worker employee employer owner
    manager director chief executive ceo founder senator governor mayor minister secretary
    judge lawyer attorney defendant plaintiff victim suspect witness patient nurse scientist
    researcher artist singer player coach soldier driver pilot farmer reporter journalist
    editor spokesperson spokesman spokeswoman politician activist citizen resident neighbor
    neighbour partner colleague boss customer client user fan teenager adult parent sibling
    cousin relative guest host narrator protagonist hero character king queen emperor
    """
)
# Collective nouns that take "they" as often as "it".
GROUP_NOUNS = word_set(
    """
    company government team group police committee family band party administration campaign
    crowd public audience staff board council organization organisation agency firm
    department ministry army military navy union club church school university class couple
    """
)


def first_name_gender(word: str) -> Gender | None:
    """Gender of a common first name, ``None`` when unknown or ambiguous."""
    w = word.lower()
    male = w in MALE_FIRST_NAMES
    female = w in FEMALE_FIRST_NAMES
    if male == female:
        return None
    return "m" if male else "f"


def title_gender(word: str) -> Gender | None:
    """Gender implied by a title ("Mrs." → f, "Lord" → m), ``None`` for neutral titles."""
    w = word.lower()
    if w in MALE_TITLES:
        return "m"
    if w in FEMALE_TITLES:
        return "f"
    return None


def noun_gender(word: str) -> Gender | None:
    """Gender of a common noun ("mother", "businessmen"), ``None`` when it carries none."""
    w = word.lower()
    forms = [w]
    if w.endswith("men"):
        forms.append(w[:-3] + "man")
    elif w.endswith("ies"):
        forms.append(w[:-3] + "y")
    elif w.endswith("s"):
        forms.append(w[:-1])
    for form in forms:
        if form in MALE_NOUNS:
            return "m"
        if form in FEMALE_NOUNS:
            return "f"
    return None


def is_plural_noun(word: str) -> bool:
    """Crude English plural test on a head noun ("companies" yes, "news", "class" no)."""
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return True
    if w in SINGULAR_S or not w.isalpha() or len(w) < 3:
        return False
    return w.endswith("s") and not w.endswith(("ss", "us", "is", "ics"))
