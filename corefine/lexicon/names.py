"""Proper names the rule baseline knows inline: common first names and their gender, a
gazetteer of countries, US states and large cities, and calendar names.

Not merged with the rewriter's data files (``corefine/rewriter/data``: first_names.tsv,
places.txt, built from name statistics by tools/ and read on first use): those are a
different resource (some 15,000 first names), where the baseline's are a short hand-audited
list read at import with the standard library; swapping one for the other would change the
baseline's links wholesale, not decide a word.
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

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
