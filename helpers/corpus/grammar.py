"""The story grammar: every word list and sentence template the story generator draws from.

A template is a string with slots in braces. `stories.py` fills them:

* `{colour}`-style lower-case slots name a word list (a field of `Grammar`): each one is a
  fresh uniform choice. A chosen value may itself contain slots (it is rendered in turn).
* `{HERO}`, `{KIND}`, `{FRIEND}`, `{FKIND}`, `{ITEM}`, `{HOME}`, `{HOME_AT}`, `{HADJ}` and the
  pronouns `{he} {him} {his} {He} {His}` (hero) and `{fhe} {fhim} {fhis}` (companion) are
  the story's state, fixed when the story starts: they cost no bits and are the
  back-references a model can only predict by remembering the start of the story.
* `{FOOD=food}` chooses from the list `food` AND stores the value as state `FOOD`, so a later
  `{FOOD}` refers back to it.

Why it is unambiguous (a text comes from exactly one sequence of choices): word lists have
distinct entries; templates of one section differ in their literal words; every slot is
followed by literal text that no filler of that slot contains; sections come in a fixed
order, and an optional section starts with words that the section after it never starts
with. The tests check this by enumerating every story of reduced grammars.

Not handled: grammatical number beyond what the templates spell out, and articles other
than "a"/"an" (the writer turns "a" into "an" before a vowel, so avoid words like "unicorn").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

Words = tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """One kind of trouble: how it starts, how the hero worries and explains, how it ends."""

    starts: Words
    worries: Words
    explains: Words
    solutions: Words


PROBLEMS: tuple[Problem, ...] = (
    Problem(  # the treasured item is lost
        starts=(
            "One {weather} {time}, {HERO} could not find {his} {ITEM}.",
            "One {time}, {HERO} looked everywhere for {his} {ITEM}, but it was gone.",
        ),
        worries=('"Where is my {ITEM}?" {he} cried.', '"Oh no! My {ITEM} is lost!" said {HERO}.'),
        explains=('"I have lost my {ITEM}," said {HERO}.', '"I cannot find my {ITEM}," said {HERO} sadly.'),
        solutions=(
            "At last, they found the {ITEM} {hiding_place}.",
            "Finally, {FRIEND} spotted the {ITEM} {hiding_place}.",
        ),
    ),
    Problem(  # the wind takes the item
        starts=("One {weather} {time}, the wind blew {his} {ITEM} far away.",),
        worries=('"My {ITEM} has flown away!" cried {HERO}.', '"Come back!" called {HERO}.'),
        explains=('"The wind took my {ITEM}," said {HERO}.',),
        solutions=(
            "At last, they saw the {ITEM} caught {high_place}.",
            "Finally, {FRIEND} pulled the {ITEM} down from {high_place}.",
        ),
    ),
    Problem(  # no food left
        starts=(
            "One {weather} {time}, there were no {FOOD=food} left {HOME_AT}.",
            "One {time}, {HERO} was hungry, but all the {FOOD=food} were gone.",
        ),
        worries=('"I am so hungry," said {HERO}.', '"What will I eat?" {he} asked.'),
        explains=('"I need some {FOOD}," said {HERO}.',),
        solutions=(
            "At last, they found a big basket of {FOOD} {hiding_place}.",
            "Finally, they came to a garden full of {FOOD}.",
        ),
    ),
    Problem(  # a wish to see something far away
        starts=("One {weather} {time}, {HERO} wanted to see {WONDER=wonder}.",),
        worries=('"But it is so far away," said {HERO}.', '"I cannot go there alone," said {HERO}.'),
        explains=('"I want to see {WONDER}," said {HERO}.',),
        solutions=("At last, they reached {WONDER}.", "Finally, they could see {WONDER}."),
    ),
    Problem(  # lost on the way
        starts=(
            "One {weather} {time}, {HERO} went too far from home and got lost.",
            "One {time}, {HERO} followed a {colour} butterfly and got lost.",
        ),
        worries=('"Which way is home?" {he} asked.', '"I want to go home," said {HERO}.'),
        explains=('"I am lost and I cannot find my way home," said {HERO}.',),
        solutions=(
            "At last, they saw {HOME} in the distance.",
            "Finally, they found the path back to {HOME}.",
        ),
    ),
)


@dataclass(frozen=True)
class Grammar:
    """All word lists and templates. Lists are tuples: their order is part of the seed's text."""

    # --- characters (chosen in code, see stories.py) ---
    female_names: Words = (
        "Lily", "Rosa", "Mia", "Ella", "Nora", "Ruby", "Lucy", "Daisy", "Hazel", "Ivy",
        "Maya", "Clara", "Poppy", "Zoe", "Alice", "Greta", "Luna", "Willa", "Fern", "Tess",
        "Nina", "Olive", "Pearl", "Wren", "Iris",
    )
    male_names: Words = (
        "Tom", "Sam", "Leo", "Max", "Ben", "Finn", "Jack", "Oscar", "Theo", "Hugo",
        "Milo", "Otto", "Felix", "Jasper", "Rex", "Toby", "Eli", "Arlo", "Ned", "Basil",
        "Rufus", "Hank", "Gus", "Pip", "Olly",
    )
    kinds: Words = (  # for any hero or companion
        "fox", "rabbit", "bear", "mouse", "owl", "duck", "cat", "dog", "frog", "squirrel",
        "hedgehog", "turtle", "badger", "deer", "goat", "pig", "lamb", "otter", "wolf",
        "beaver", "mole", "raccoon", "penguin", "donkey", "farmer", "baker",
    )
    female_kinds: Words = ("girl", "princess")
    male_kinds: Words = ("boy", "prince")
    hero_adjectives: Words = (
        "little", "brave", "curious", "kind", "shy", "clever", "tiny", "happy", "gentle",
        "young", "old", "cheerful", "quiet", "friendly", "busy", "careful", "silly", "sleepy",
        "small", "proud",
    )
    companion_adjective: Words = (
        "wise", "funny", "tall", "strong", "jolly", "helpful", "chatty", "speedy", "noisy",
        "calm", "bold", "merry", "grumpy", "fluffy", "clumsy", "polite",
    )
    home_places: Words = (  # "preposition noun"
        "in forest", "in village", "in meadow", "in valley", "on farm", "on hill", "in town",
        "in garden", "in woods", "on island", "by lake", "by sea", "in orchard",
        "on mountain", "by river", "in glen",
    )
    home_adjectives: Words = (
        "quiet", "sunny", "green", "old", "big", "little", "snowy", "windy", "misty",
        "peaceful", "pretty", "shady", "lovely", "far",
    )
    colour: Words = (
        "red", "blue", "green", "yellow", "orange", "purple", "pink", "white", "black",
        "brown", "silver", "golden", "grey", "spotted",
    )
    items: Words = (
        "kite", "ball", "hat", "scarf", "drum", "book", "boat", "bell", "blanket", "cup",
        "lantern", "whistle", "shell", "ribbon", "button", "marble", "umbrella", "basket",
        "feather", "wagon",
    )

    # --- sections, in story order ---
    intros: Words = (
        "Once upon a time, there was a {HADJ} {KIND} named {HERO}.",
        "Once upon a time, there lived a {HADJ} {KIND} called {HERO}.",
        "There was once a {HADJ} {KIND} named {HERO}.",
        "Long ago, there was a {HADJ} {KIND} called {HERO}.",
        "{HERO} was a {HADJ} {KIND}.",
    )
    homes: Words = (
        "{He} lived {HOME_AT}.",
        "{He} lived with {his} family {HOME_AT}.",
        "{His} home was a {dwelling} {HOME_AT}.",
    )
    dwelling: Words = ("little house", "cosy den", "tree house", "hollow log", "round hut", "burrow")
    treasures: Words = (
        "{HERO} had a {ITEM} that {he} loved very much.",
        "{His} favourite thing in the world was a {ITEM}.",
        "More than anything, {HERO} loved {his} {ITEM}.",
    )
    habit_weights: tuple[int, ...] = (2, 1)  # a habit sentence, or none
    habits: Words = (
        "Every {day_part}, {he} liked to {activity}.",
        "{He} loved to {activity} every {day_part}.",
        "Most days, {HERO} would {activity}.",
    )
    day_part: Words = ("morning", "evening", "afternoon", "day")
    activity: Words = (
        "sing songs", "pick berries", "read books", "play by the pond", "count the stars",
        "bake bread", "dance in the rain", "build tall towers", "watch the clouds",
        "splash in puddles", "draw pictures", "look for shells", "climb trees",
        "chase butterflies", "plant seeds", "tell jokes", "hum little tunes", "collect pebbles",
        "jump over logs", "fly paper planes",
    )
    problems: tuple[Problem, ...] = PROBLEMS
    weather: Words = ("sunny", "rainy", "windy", "cold", "bright", "cloudy", "foggy", "snowy", "warm")
    time: Words = ("morning", "afternoon", "evening", "day")
    feelings: Words = ("{HERO} felt very {sad}.", "{He} was very {sad}.", "{HERO} sat down and felt {sad}.")
    sad: Words = ("sad", "worried", "upset", "unhappy", "scared", "gloomy", "glum", "lonely")
    set_offs: Words = (
        "So {HERO} set off to find help.",
        "So {he} packed some {snack} and set off.",
        "{He} took a deep breath and set off.",
    )
    snack: Words = ("bread", "cheese", "apple pie", "cookies", "jam", "honey cake", "soup", "biscuits")
    meetings: Words = (
        "On the way, {he} met a {companion_adjective} {FKIND} named {FRIEND}.",
        "Soon {he} met a {companion_adjective} {FKIND} called {FRIEND}.",
        "{He} had not gone far when {he} met a {companion_adjective} {FKIND} named {FRIEND}.",
        "By a {meet_place}, {he} met a {companion_adjective} {FKIND} called {FRIEND}.",
    )
    meet_place: Words = ("big rock", "old well", "little bridge", "tall tree", "muddy pond", "wooden gate")
    greetings: Words = (
        '"Hello! Why do you look so {sad}?" asked {FRIEND}.',
        '"What is wrong?" asked {FRIEND}.',
        '"Hello there," said {FRIEND}. "Can I help you?"',
    )
    offers: Words = (
        '"I will help you," said {FRIEND}.',
        '"Do not worry. I will come with you," said {FRIEND}.',
        '"Let us go together," said {FRIEND} with a smile.',
        '{FRIEND} nodded. "I know the way. Follow me!"',
    )
    joins: Words = (
        "So {HERO} and {FRIEND} went on together.",
        "{FRIEND} the {FKIND} walked beside {HERO}.",
        "And so the {KIND} and the {FKIND} went on side by side.",
    )
    event_count_weights: tuple[int, ...] = (2, 3, 2)  # 1, 2 or 3 events on the way
    events: Words = (
        "They walked {path} and {path}.",
        "They found a {colour} {thing} {hiding_place}.",
        "They saw {group} {doing}.",
        "It began to {downpour}, so they hid {shelter}.",
        "They stopped to eat some {snack} {snack_place}.",
        "{HERO} was tired, so {FRIEND} sang a {song} song.",
        '"Look!" said {FRIEND}. "A {colour} {thing}!"',
        "They climbed {climb}.",
        "{FRIEND} told {HERO} a story about a {tale}.",
        "They crossed a {water} on {crossing}.",
        "{HERO} and {FRIEND} counted {number} {sky_things} in the sky.",
        "The sun was {sun} when they came to a {landmark}.",
        "{FRIEND} showed {HERO} how to {skill}.",
        "A {big_animal} stood in the path, but it only wanted to say hello.",
        'They met {wise_one} who said, "Keep going. You are nearly there."',
        '"Are we nearly there?" asked {HERO}. "Almost," said {FRIEND}.',
        "{HERO} slipped in the mud, and {FRIEND} helped {him} up.",
        "{FRIEND} was scared of the {scary}, so {HERO} sang to {fhim}.",
    )
    path: Words = (
        "over a hill", "through the tall grass", "along a river", "past an old mill",
        "under the big trees", "across a bridge", "around a pond", "up a rocky path",
        "down a sunny lane", "through a dark wood", "past a sleeping dog", "between two big stones",
    )
    thing: Words = ("feather", "stone", "key", "map", "flower", "leaf", "acorn", "pebble", "ribbon", "mitten")
    hiding_place: Words = (
        "under a big leaf", "behind a rock", "in a hollow log", "inside an old boot",
        "under a bush", "beside the path", "in the long grass", "under a bench",
        "near a puddle", "behind a tree", "in a little hole", "on a mossy stone",
    )
    group: Words = (
        "three ducks", "two little birds", "a family of mice", "five busy ants", "a sleepy cow",
        "four frogs", "a line of snails",
    )
    doing: Words = (
        "swimming in a row", "singing in a tree", "having a picnic", "playing in the mud",
        "dancing in a circle", "eating their lunch", "taking a nap",
    )
    downpour: Words = ("rain", "snow", "hail", "pour")
    shelter: Words = (
        "under a big mushroom", "in a cave", "under a tree", "in an old barn", "under a bridge",
    )
    snack_place: Words = ("by the stream", "on a log", "in the shade", "on a soft patch of grass")
    song: Words = ("happy", "silly", "cheerful", "sleepy", "funny", "long", "marching")
    climb: Words = (
        "a tall hill", "a steep path", "a rope ladder", "a pile of rocks", "an old stone wall",
        "a big tree",
    )
    tale: Words = (
        "dragon who loved tea", "giant who lost a shoe", "moon made of cheese",
        "brave little snail", "fish that could fly", "cloud that could talk",
    )
    water: Words = ("stream", "river", "brook", "creek")
    crossing: Words = (
        "a fallen log", "stepping stones", "a wooden raft", "an old boat", "a rope bridge",
        "the back of a friendly turtle",
    )
    number: Words = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    sky_things: Words = ("stars", "birds", "clouds", "balloons")
    sun: Words = ("high", "low", "hot", "warm", "setting", "bright")
    landmark: Words = ("crossroads", "little bridge", "big gate", "old well", "tall tower", "quiet pond")
    skill: Words = (
        "whistle", "skip stones", "build a raft", "find the north star", "catch a falling leaf",
        "make a daisy chain",
    )
    big_animal: Words = ("moose", "bull", "big goose", "cow", "horse", "wild boar")
    wise_one: Words = ("an old owl", "a wise tortoise", "a kind grandmother", "a friendly giant")
    scary: Words = ("dark", "thunder", "big waves", "loud wind", "deep water", "tall shadows")
    high_place: Words = (
        "the top of a tall tree", "a high fence", "the roof of a barn", "a windmill",
        "the branches of an oak",
    )
    food: Words = (
        "berries", "apples", "nuts", "plums", "pears", "cherries", "carrots", "peas",
        "acorns", "seeds", "mushrooms", "grapes",
    )
    wonder: Words = (
        "the big blue sea", "the top of the mountain", "the rainbow bridge", "the giant tree",
        "the singing waterfall", "the city of lights", "the crystal cave", "the old castle",
    )
    joys: Words = (
        "{HERO} was so happy.", "{HERO} jumped for joy.", "{He} laughed and danced around.",
        "{HERO} smiled from ear to ear.",
    )
    thanks: Words = (
        '"Thank you, {FRIEND}!" said {HERO}.',
        '"I could not have done it without you," {HERO} told {FRIEND}.',
        '"You are a true friend, {FRIEND}," said {HERO}.',
    )
    returns: Words = (
        "Then {HERO} and {FRIEND} went back to {HOME} together.",
        "Then they walked home to {HOME} as the sun went down.",
        "Together, they went back to {HOME}.",
    )
    endings: Words = (
        "From that day on, {HERO} the {KIND} and {FRIEND} the {FKIND} were the best of friends.",
        "{HERO} never forgot the day {he} met {FRIEND} the {FKIND}.",
        "That night, {HERO} the {KIND} fell asleep {HOME_AT}, happy and safe.",
        "And every {day_part} after that, {HERO} and {FRIEND} played with the {ITEM} together.",
        "Now, whenever {HERO} sees a {FKIND}, {he} thinks of {FRIEND}.",
        "The {HADJ} {KIND} and {his} new friend lived happily ever after.",
    )
    the_end_weights: tuple[int, ...] = (1, 1)  # "The end." or nothing

    def reduced(self, sizes: Mapping[str, int | None] | None = None, default: int = 1) -> Grammar:
        """A smaller grammar for enumeration: each tuple field cut to `sizes[field]` entries
        (None: left whole), fields not named cut to `default`.

        Name lists and `kinds` keep at least 2 entries (a companion's name and kind must
        differ from the hero's). Each problem's template lists are cut to `default` unless
        "problems" is left whole.
        """
        sizes = dict(sizes or {})
        unknown = set(sizes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown grammar fields {sorted(unknown)}")
        floors = {"female_names": 2, "male_names": 2, "kinds": 2}
        changes: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            n = sizes.get(f.name, default)
            n = len(value) if n is None else max(n, floors.get(f.name, 1))
            cut = value[:n]
            if f.name == "problems" and sizes.get("problems", default) is not None:
                cut = tuple(
                    Problem(**{k: v[:default] for k, v in dataclasses.asdict(p).items()})
                    for p in cut
                )
            changes[f.name] = cut
        return dataclasses.replace(self, **changes)


DEFAULT_GRAMMAR = Grammar()
