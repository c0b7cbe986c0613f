import { apiClient } from '../support/api';
import { createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { SignInPage } from './pages/auth-pages';
import { TodosPage } from './pages/todos-page';
import { PASSWORD, uniqueEmail } from './support';

async function signedInTodos(
  page: import('@playwright/test').Page,
  stack: import('@app/local-stack').StackInfo,
  path = '/todos',
) {
  const user = await createUser(stack, { email: uniqueEmail('todo-ux'), password: PASSWORD });
  const signIn = new SignInPage(page);
  await signIn.goto(path);
  await signIn.signIn(user.email, PASSWORD);
  const todos = new TodosPage(page);
  await todos.waitLoaded();
  return { user, todos };
}

test('todos: due dates and notes are set, shown and sorted; filter and order live in the URL', async ({
  page,
  stack,
}) => {
  test.slow(); // many steps on a machine shared with other stacks
  const { todos } = await signedInTodos(page, stack);
  await todos.addQuickly('Book the dentist', '2030-03-10');
  await todos.addQuickly('Water the plants');
  await todos.addQuickly('Pay the rent', '2030-03-20');
  await expect(todos.items()).toHaveCount(3);
  await expect(todos.items().and(page.locator('[data-todo-id^="temp-"]'))).toHaveCount(0);
  await expect(todos.titles()).toHaveText(['Pay the rent', 'Water the plants', 'Book the dentist']);
  await expect(todos.item('Book the dentist').getByTestId('todo-due')).toHaveAttribute(
    'data-due',
    '2030-03-10',
  );
  await expect(todos.item('Book the dentist').getByTestId('todo-due')).toContainText('2030');
  await expect(todos.item('Water the plants').getByTestId('todo-due')).toHaveCount(0);

  await todos.item('Water the plants').getByTestId('todo-edit').click();
  await expect(page.getByTestId('todo-edit-hint')).toContainText('Enter saves, Escape cancels');
  await expectNoA11yViolations(page, '/todos (editing)');
  await page.getByTestId('todo-edit-input').press('Escape');
  await todos.edit('Water the plants', { dueDate: '2030-03-15', notes: 'Basil and tomatoes' });
  await expect(todos.item('Water the plants').getByTestId('todo-notes')).toHaveText('Basil and tomatoes');

  await todos.sortBy('due');
  await expect(page).toHaveURL(/[?&]sort=due/);
  await expect(todos.titles()).toHaveText(['Book the dentist', 'Water the plants', 'Pay the rent']);
  await todos.toggle('Pay the rent');
  await todos.filter('open');
  await expect(page).toHaveURL(/\/todos\?show=open&sort=due$/);
  await expect(todos.titles()).toHaveText(['Book the dentist', 'Water the plants']);

  // Everything reached the API, and the view comes back from the URL.
  await page.reload();
  await todos.waitLoaded();
  await expect(page.getByTestId('todo-sort')).toHaveValue('due');
  await expect(page.getByTestId('todo-filter-open')).toHaveAttribute('aria-pressed', 'true');
  await expect(todos.titles()).toHaveText(['Book the dentist', 'Water the plants']);
  await expect(todos.item('Water the plants').getByTestId('todo-notes')).toHaveText('Basil and tomatoes');
  await expectNoA11yViolations(page, '/todos?show=open&sort=due');
});

test('todos: four added quickly keep their order after a reload, even when the first request is slow', async ({
  page,
  stack,
}) => {
  const { todos } = await signedInTodos(page, stack);
  // The first POST takes the long way (a slow network); the others would overtake it if they were
  // sent at once, and the server would order them by arrival.
  let first = true;
  await page.route(/\/todos$/, async (route) => {
    if (route.request().method() === 'POST' && first) {
      first = false;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await route.continue();
  });
  for (const title of ['One', 'Two', 'Three', 'Four']) await todos.addQuickly(title);
  await expect(todos.titles()).toHaveText(['Four', 'Three', 'Two', 'One']);
  await expect(todos.items().and(page.locator('[data-todo-id^="temp-"]'))).toHaveCount(0, {
    timeout: 20_000,
  });
  await page.reload();
  await todos.waitLoaded();
  await expect(todos.titles()).toHaveText(['Four', 'Three', 'Two', 'One']);
});

test('todos: focus stays where the user was; delete and "Clear completed" ask first', async ({
  page,
  stack,
}) => {
  test.slow(); // 22 todos and seven steps
  const user = await createUser(stack, { email: uniqueEmail('todo-focus'), password: PASSWORD });
  const api = apiClient(stack, user.accessToken);
  for (let i = 1; i <= 22; i++) {
    const title = `Task ${String(i).padStart(2, '0')}`;
    expect((await api('POST', '/todos', { body: { title } })).status).toBe(201);
  }
  const signIn = new SignInPage(page);
  await signIn.goto('/todos');
  await signIn.signIn(user.email, PASSWORD);
  const todos = new TodosPage(page);
  await todos.waitLoaded();
  await expect(page.getByTestId('todo-edit-help')).toContainText('Enter saves, Escape cancels');

  await test.step('ticking with the keyboard keeps the focus on the box', async () => {
    await todos.item('Task 21').getByTestId('todo-toggle').focus();
    await page.keyboard.press('Space');
    await expect(todos.item('Task 21')).toHaveAttribute('data-done', 'true');
    await expect(todos.item('Task 21')).not.toHaveAttribute('aria-busy', 'true');
    expect(await todos.focusedIn('Task 21', 'todo-toggle')).toBe(true);
  });

  await test.step('saving or cancelling an edit returns to its Edit button', async () => {
    await todos.edit('Task 20', { title: 'Task 20 renamed' });
    await expect.poll(() => todos.focusedIn('Task 20 renamed', 'todo-edit')).toBe(true);
    await todos.item('Task 19').getByTestId('todo-edit').click();
    await page.getByTestId('todo-edit-input').press('Escape');
    await expect.poll(() => todos.focusedIn('Task 19', 'todo-edit')).toBe(true);
  });

  await test.step('delete asks first; after it, focus moves to the next todo', async () => {
    await todos.item('Task 18').getByTestId('todo-delete').click();
    await todos.item('Task 18').getByRole('button', { name: 'Keep' }).click();
    await expect(todos.item('Task 18')).toBeVisible();
    await todos.remove('Task 18');
    await expect.poll(() => todos.focusedIn('Task 17', 'todo-toggle')).toBe(true);
  });

  await test.step('under "Open", a ticked todo leaves and focus goes to the next one', async () => {
    await todos.filter('open');
    await todos.item('Task 17').getByTestId('todo-toggle').focus();
    await page.keyboard.press('Space');
    await expect(todos.item('Task 17')).toHaveCount(0);
    await expect.poll(() => todos.focusedIn('Task 16', 'todo-toggle')).toBe(true);
    await todos.filter('all');
  });

  await test.step('"Load more" puts focus on the first newly loaded todo', async () => {
    await page.getByTestId('todo-load-more').click();
    await expect(page.getByTestId('todo-load-more')).toHaveCount(0);
    await expect.poll(() => todos.focusedIn('Task 01', 'todo-toggle')).toBe(true);
  });

  await test.step('"Clear completed" asks, then removes exactly the done ones', async () => {
    await page.getByTestId('todo-clear-done').click();
    await expect(page.getByTestId('todo-clear-confirm')).toBeVisible();
    await expectNoA11yViolations(page, '/todos (confirm clear)');
    await page.getByRole('button', { name: 'Keep' }).click();
    await expect(todos.item('Task 21')).toBeVisible();
    await todos.clearCompleted();
    await expect(todos.item('Task 21')).toHaveCount(0);
    await expect(todos.item('Task 17')).toHaveCount(0);
    await expect(todos.items()).toHaveCount(19);
  });
});
