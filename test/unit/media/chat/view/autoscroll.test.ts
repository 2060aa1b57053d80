import * as assert from 'node:assert/strict';
import { AutoScroller, type ScrollBox } from '../../../../../media/chat/view/autoscroll';

class FakeBox implements ScrollBox {
  scrollTop = 0;
  scrollHeight = 100;
  clientHeight = 100;
}

describe('media/view/AutoScroller', () => {
  it('follows new content while the user is at the bottom', () => {
    const box = new FakeBox();
    const scroller = new AutoScroller(box);
    box.scrollHeight = 500;
    scroller.contentChanged();
    assert.equal(box.scrollTop, 400);
    box.scrollHeight = 900;
    scroller.contentChanged();
    assert.equal(box.scrollTop, 800);
  });

  it('pauses when the user scrolls up and resumes when they come back to the bottom', () => {
    const box = new FakeBox();
    const scroller = new AutoScroller(box, 32);
    box.scrollHeight = 1000;
    scroller.contentChanged();
    box.scrollTop = 300;
    scroller.onScroll();
    assert.equal(scroller.isFollowing, false);
    box.scrollHeight = 1500;
    scroller.contentChanged();
    assert.equal(box.scrollTop, 300, 'left where the user put it');
    box.scrollTop = 1400 - 20; // within the slack
    scroller.onScroll();
    assert.equal(scroller.isFollowing, true);
    box.scrollHeight = 2000;
    scroller.contentChanged();
    assert.equal(box.scrollTop, 1900);
  });

  it('follow() jumps to the bottom even after the user scrolled away (a new prompt)', () => {
    const box = new FakeBox();
    const scroller = new AutoScroller(box);
    box.scrollHeight = 1000;
    box.scrollTop = 0;
    scroller.onScroll();
    scroller.follow();
    assert.equal(box.scrollTop, 900);
    assert.equal(scroller.isFollowing, true);
  });

  it('its own scroll to the bottom keeps it following', () => {
    const box = new FakeBox();
    const scroller = new AutoScroller(box);
    box.scrollHeight = 700;
    scroller.contentChanged();
    scroller.onScroll(); // the scroll event our own write causes
    assert.equal(scroller.isFollowing, true);
  });
});
